using System.Data.Common;
using System.Globalization;
using CustomerJourney.PostgreSql;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using Npgsql;

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

    /// <summary>The longest <c>--store</c> value accepted, in characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>
    /// Opens the store <paramref name="spec"/> names; on failure prints why and returns 2 (a wrong spec) or 3 (the store
    /// cannot be reached, written or is damaged).
    /// </summary>
    public static int TryOpen(string spec, CliConsole console, out IJourneyStore? store)
    {
        store = null;
        if (spec.Length > MaxLength)
        {
            console.Error.WriteLine($"error: --store is {spec.Length} characters long; at most {MaxLength} are accepted.");
            return JourneyCli.Unreadable;
        }

        var (kind, target) = Split(spec);
        foreach (var candidate in Kinds)
        {
            if (!string.Equals(candidate.Kind, kind, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(target))
            {
                console.Error.WriteLine($"error: --store '{Redact(spec)}' names no {candidate.Target}; expected {candidate.Kind}:{candidate.Target}.");
                return JourneyCli.Unreadable;
            }

            try
            {
                store = candidate.Open(target);
                return JourneyCli.Ok;
            }
            catch (Exception ex) when (StoreFailures.Classify(ex) is { } failure)
            {
                console.Error.WriteLine($"error: cannot open store '{Redact(spec)}': {failure.Message}");
                return JourneyCli.StoreFailed;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or DbException)
            {
                console.Error.WriteLine($"error: cannot open store '{Redact(spec)}': {OneLine(ex.Message)}");
                return JourneyCli.Unreadable;
            }
        }

        console.Error.WriteLine($"error: unknown store '{Redact(spec)}'; expected {Usage}.");
        return JourneyCli.Unreadable;
    }

    /// <summary>Splits <c>KIND:TARGET</c> at the first colon; both empty when there is none.</summary>
    public static (string Kind, string Target) Split(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (spec[..colon], spec[(colon + 1)..]) : (string.Empty, string.Empty);
    }

    /// <summary>
    /// <paramref name="spec"/> fit to print: a PostgreSQL connection string is read by Npgsql's own parser, so every
    /// synonym of a secret (<c>Password</c>, <c>PSW</c>, <c>PWD</c>, <c>SSL Password</c>, ...) is replaced by <c>***</c>;
    /// one it cannot read is printed as <c>postgres:***</c>. Other kinds carry no secret.
    /// </summary>
    public static string Redact(string spec)
    {
        var (kind, target) = Split(spec);
        if (!string.Equals(kind, "postgres", StringComparison.OrdinalIgnoreCase))
        {
            return spec.Length > 200 ? string.Concat(spec.AsSpan(0, 197), "...") : spec;
        }

        try
        {
            var (builder, schema) = PostgreSqlTarget(target);
            if (builder.Password is not null)
            {
                builder.Password = "***";
            }

            if (builder.SslPassword is not null)
            {
                builder.SslPassword = "***";
            }

            var text = builder.ConnectionString + (schema is null ? string.Empty : $";Schema={schema}");
            return spec[..(kind.Length + 1)] + (text.Length > 400 ? string.Concat(text.AsSpan(0, 397), "...") : text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            return spec[..(kind.Length + 1)] + "***";
        }
    }

    /// <summary>
    /// Reads a <c>postgres:</c> target with Npgsql's connection string parser, after taking out the <c>Schema=NAME</c>
    /// this tool adds (<see langword="null"/> when absent).
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is malformed or names an unknown keyword.</exception>
    public static (NpgsqlConnectionStringBuilder Builder, string? Schema) PostgreSqlTarget(string target)
    {
        var general = new DbConnectionStringBuilder { ConnectionString = target };
        string? schema = null;
        if (general.TryGetValue("schema", out var value))
        {
            schema = Convert.ToString(value, CultureInfo.InvariantCulture);
            general.Remove("schema");
        }

        try
        {
            return (new NpgsqlConnectionStringBuilder(general.ConnectionString), schema);
        }
        catch (KeyNotFoundException ex)
        {
            // Npgsql reports an unknown keyword with an empty value this way (found by fuzzing)
            throw new ArgumentException("The connection string has a keyword Npgsql does not know.", ex);
        }
    }

    internal static string OneLine(string message)
    {
        var cut = message.IndexOfAny(['\r', '\n']);
        return cut < 0 ? message : message[..cut];
    }

    /// <summary>
    /// <c>postgres:CONNSTRING</c>: an Npgsql connection string, optionally with <c>Schema=NAME</c> (default
    /// <c>customer_journey</c>), which is taken out before the rest goes to Npgsql. The schema is created or upgraded
    /// now, so that an unreachable server is reported as a store that cannot be opened.
    /// </summary>
    private static IJourneyStore OpenPostgreSql(string target)
    {
        var (builder, schema) = PostgreSqlTarget(target);
        var store = new PostgreSqlJourneyStore(builder.ConnectionString, schema ?? PostgreSqlJourneyStoreOptions.DefaultSchema);
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
    /// <returns>0, or the exit code to end with (2 for a wrong spec or a missing file, 3 for a failing store).</returns>
    public static int TryOpenStore(string spec, CliConsole console, out IJourneyStore? store, out string where, bool fresh = false)
    {
        store = null;
        where = spec;
        if (string.Equals(spec, "memory", StringComparison.OrdinalIgnoreCase))
        {
            store = new InMemoryJourneyStore();
            where = "memory (nothing is kept after the run)";
            return JourneyCli.Ok;
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
                return JourneyCli.Unreadable;
            }

            spec = "sqlite:" + path;
        }

        return TryOpen(spec, console, out store);
    }
}
