using System.Data.Common;
using CustomerJourney.PostgreSql;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;

namespace CustomerJourney.Cli.Commands;

/// <summary>
/// Parses a <c>--store</c> value, <c>KIND:TARGET</c>, into an open <see cref="IJourneyStore"/>. To support another kind,
/// add one entry to <see cref="Kinds"/>.
/// </summary>
internal static class StoreSpec
{
    /// <summary>The supported kinds: name, the target's description for help, and how to open it.</summary>
    private static readonly (string Kind, string Target, Func<string, IJourneyStore> Open)[] Kinds =
    [
        ("sqlite", "PATH", path => new SqliteJourneyStore(path)),
        ("postgres", "CONNSTRING", OpenPostgreSql),
    ];

    /// <summary>The accepted forms, for help and error messages, e.g. <c>sqlite:PATH</c>.</summary>
    public static string Usage => string.Join(" | ", Kinds.Select(k => $"{k.Kind}:{k.Target}"));

    /// <summary>Opens the store <paramref name="spec"/> names; on failure prints why and returns 2.</summary>
    public static int TryOpen(string spec, CliConsole console, out IJourneyStore? store)
    {
        store = null;
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var kind = colon > 0 ? spec[..colon] : string.Empty;
        var target = colon > 0 ? spec[(colon + 1)..] : string.Empty;
        foreach (var candidate in Kinds)
        {
            if (!string.Equals(candidate.Kind, kind, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(target))
            {
                console.Error.WriteLine($"error: --store '{spec}' names no {candidate.Target}; expected {candidate.Kind}:{candidate.Target}.");
                return JourneyCli.Unreadable;
            }

            try
            {
                store = candidate.Open(target);
                return JourneyCli.Ok;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.Data.Common.DbException)
            {
                console.Error.WriteLine($"error: cannot open store '{Redact(spec)}': {ex.Message}");
                return JourneyCli.Unreadable;
            }
        }

        console.Error.WriteLine($"error: unknown store '{Redact(spec)}'; expected {Usage}.");
        return JourneyCli.Unreadable;
    }

    /// <summary><paramref name="spec"/> fit to print: a PostgreSQL connection string's password replaced by <c>***</c>.</summary>
    public static string Redact(string spec)
    {
        const string prefix = "postgres:";
        if (!spec.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return spec;
        }

        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = spec[prefix.Length..] };
            foreach (var key in builder.Keys.Cast<string>().Where(k => k.Equals("password", StringComparison.OrdinalIgnoreCase) || k.Equals("pwd", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                builder[key] = "***";
            }

            return spec[..prefix.Length] + builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return prefix + "***";
        }
    }

    /// <summary>
    /// <c>postgres:CONNSTRING</c>: an Npgsql connection string, optionally with <c>Schema=NAME</c> (default
    /// <c>customer_journey</c>), which is taken out before the rest goes to Npgsql. The schema is created or upgraded
    /// now, so that an unreachable server is reported as a store that cannot be opened.
    /// </summary>
    private static IJourneyStore OpenPostgreSql(string target)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = target };
        var schema = PostgreSqlJourneyStoreOptions.DefaultSchema;
        if (builder.TryGetValue("schema", out var value) && value is string named)
        {
            schema = named;
            builder.Remove("schema");
        }

        var store = new PostgreSqlJourneyStore(builder.ConnectionString, schema);
        try
        {
            store.MigrateAsync().GetAwaiter().GetResult();
            return store;
        }
        catch
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Opens the store a <c>--store</c> value names: <c>memory</c>, or any <see cref="StoreSpec"/> form.</summary>
    /// <param name="spec">The <c>--store</c> value.</param>
    /// <param name="console">Where errors go.</param>
    /// <param name="store">The open store.</param>
    /// <param name="where">A description of the store for the user (for SQLite, the file's full path).</param>
    /// <param name="fresh">Whether to start from an empty store (the demo recreates a SQLite file; reports read it).</param>
    public static bool TryOpenStore(string spec, CliConsole console, out IJourneyStore? store, out string where, bool fresh = false)
    {
        store = null;
        where = spec;
        if (string.Equals(spec, "memory", StringComparison.OrdinalIgnoreCase))
        {
            store = new InMemoryJourneyStore();
            where = "memory (nothing is kept after the run)";
            return true;
        }

        if (spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) && spec.Length > "sqlite:".Length)
        {
            var path = Path.GetFullPath(spec["sqlite:".Length..]);
            where = $"SQLite file {path}";
            if (fresh)
            {
                foreach (var file in new[] { path, path + "-wal", path + "-shm" })
                {
                    File.Delete(file);
                }
            }
            else if (!File.Exists(path))
            {
                console.Error.WriteLine($"error: no SQLite store at '{path}'.");
                return false;
            }

            spec = "sqlite:" + path;
        }

        return StoreSpec.TryOpen(spec, console, out store) == JourneyCli.Ok;
    }
}
