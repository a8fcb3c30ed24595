using System.Globalization;
using CustomerJourney.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using static CustomerJourney.Sqlite.Native;

namespace CustomerJourney.Sqlite;

/// <summary>
/// Applies a batch of appends inside one open write transaction through four statements prepared once per batch and stepped
/// per row with positional bindings (SQLite's C API, under Microsoft.Data.Sqlite's connection): find a journey, create a journey,
/// append an event, move a version on. Exact-once is the unique index on (journey, event id): an event whose id the journey
/// already holds is not inserted (<c>ON CONFLICT DO NOTHING</c>) and is reported as a duplicate, so no separate probe is needed.
/// Earlier designs spent their time elsewhere: per-row statements through <see cref="SqliteCommand"/> in parameter lookups by
/// name and boxing, and set-based statements over JSON arrays (<c>json_each</c>) in building and re-parsing the JSON.
/// </summary>
internal static class Writer
{
    private const string FindJourney = "SELECT id, version FROM journeys WHERE definition = ?1 AND customer = ?2;";

    private const string CreateJourney = "INSERT INTO journeys (definition, customer, version) VALUES (?1, ?2, 0);";

    // rows are appended in the batch's order: that order is the events' log order (their positions)
    private const string InsertEvent =
        "INSERT INTO events (journey_id, seq, event_id, touchpoint, occurred_at, offset_minutes, channel, value, segment, properties) "
        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (journey_id, event_id) DO NOTHING;";

    private const string UpdateVersion = "UPDATE journeys SET version = ?3 WHERE id = ?1 AND version = ?2;";

    /// <summary>Checks and applies <paramref name="appends"/> in order (a later append to a journey sees the earlier ones).</summary>
    public static AppendResult[] Apply(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<JourneyAppend> appends, CancellationToken cancellationToken)
    {
        _ = transaction; // the statements run inside it: it is the connection's open transaction
        var db = connection.Handle!;
        using var find = Prepare(db, FindJourney);
        using var create = Prepare(db, CreateJourney);
        using var insert = Prepare(db, InsertEvent);
        using var update = Prepare(db, UpdateVersion);

        var states = new Dictionary<JourneyKey, State>(Math.Min(appends.Count, 1 << 16));
        var results = new AppendResult[appends.Count];
        for (var i = 0; i < appends.Count; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var append = appends[i];
            if (!states.TryGetValue(append.Key, out var state))
            {
                state = Load(db, find, append.Key);
                states.Add(append.Key, state);
            }

            if (append.ExpectedVersion != state.Version)
            {
                results[i] = new AppendResult { Status = AppendStatus.Conflict, Version = state.Version, Appended = 0 };
                continue;
            }

            List<string>? duplicates = null;
            var appended = 0;
            foreach (var e in append.Events)
            {
                if (state.Id == 0)
                {
                    Bind(db, create, 1, append.Key.DefinitionName);
                    Bind(db, create, 2, append.Key.CustomerId);
                    Step(db, create, raw.SQLITE_DONE);
                    state.Id = raw.sqlite3_last_insert_rowid(db);
                }

                if (Insert(db, insert, state.Id, state.Version + 1, e))
                {
                    state.Version++;
                    appended++;
                }
                else
                {
                    (duplicates ??= []).Add(e.EventId);
                }
            }

            results[i] = new AppendResult { Status = AppendStatus.Appended, Version = state.Version, Appended = appended, Duplicates = duplicates };
        }

        cancellationToken.ThrowIfCancellationRequested();

        // move the versions on, guarded by the versions read first (under the write lock they cannot have moved)
        foreach (var state in states.Values)
        {
            if (state.Version == state.StoredVersion)
            {
                continue;
            }

            Check(db, raw.sqlite3_bind_int64(update, 1, state.Id));
            Check(db, raw.sqlite3_bind_int64(update, 2, state.StoredVersion));
            Check(db, raw.sqlite3_bind_int64(update, 3, state.Version));
            Step(db, update, raw.SQLITE_DONE);
            if (raw.sqlite3_changes(db) != 1)
            {
                throw new InvalidOperationException($"The version of journey {state.Id} changed under the write lock. Nothing was written.");
            }
        }

        return results;
    }

    private static State Load(sqlite3 db, sqlite3_stmt find, JourneyKey key)
    {
        var state = new State();
        Bind(db, find, 1, key.DefinitionName);
        Bind(db, find, 2, key.CustomerId);
        var rc = raw.sqlite3_step(find);
        if (rc == raw.SQLITE_ROW)
        {
            state.Id = raw.sqlite3_column_int64(find, 0);
            state.StoredVersion = state.Version = raw.sqlite3_column_int64(find, 1);
            rc = raw.sqlite3_step(find);
        }

        Done(db, find, rc);
        return state;
    }

    /// <summary>Inserts one event; <see langword="false"/> when the journey already holds its id.</summary>
    private static bool Insert(sqlite3 db, sqlite3_stmt insert, long journeyId, long seq, TouchpointEvent e)
    {
        Check(db, raw.sqlite3_bind_int64(insert, 1, journeyId));
        Check(db, raw.sqlite3_bind_int64(insert, 2, seq));
        Bind(db, insert, 3, e.EventId);
        Bind(db, insert, 4, e.Touchpoint);
        Check(db, raw.sqlite3_bind_int64(insert, 5, e.OccurredAt.UtcTicks));
        Check(db, raw.sqlite3_bind_int64(insert, 6, (long)e.OccurredAt.Offset.TotalMinutes));
        Bind(db, insert, 7, e.Channel);
        Bind(db, insert, 8, e.Value is { } value ? value.ToString(CultureInfo.InvariantCulture) : null);
        Bind(db, insert, 9, e.Segment);
        Bind(db, insert, 10, e.Properties is { } properties ? PropertiesJson.Write(properties) : null);
        Step(db, insert, raw.SQLITE_DONE);
        return raw.sqlite3_changes(db) == 1;
    }

    private sealed class State
    {
        /// <summary>The journey's row id; 0 while it has no row.</summary>
        public long Id { get; set; }

        public long StoredVersion { get; set; }

        public long Version { get; set; }
    }
}
