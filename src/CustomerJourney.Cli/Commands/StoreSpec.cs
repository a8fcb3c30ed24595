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
                console.Error.WriteLine($"error: cannot open store '{spec}': {ex.Message}");
                return JourneyCli.Unreadable;
            }
        }

        console.Error.WriteLine($"error: unknown store '{spec}'; expected {Usage}.");
        return JourneyCli.Unreadable;
    }
}
