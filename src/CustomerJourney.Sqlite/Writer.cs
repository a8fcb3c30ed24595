using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CustomerJourney.Storage;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Sqlite;

/// <summary>
/// Applies a batch of appends inside one open write transaction, set-based: the batch travels as JSON arrays that
/// SQLite's <c>json_each</c> unpacks, so the whole batch costs five statements (find the journeys, find the event ids
/// they already hold, create the new journeys, append the events, move the versions on) however many events it has.
/// Per-row statements spent most of their time binding parameters and stepping statements, not in the B-trees.
/// </summary>
internal static class Writer
{
    private const string FindJourneys =
        "SELECT k.key, j.id, j.version FROM json_each($k) AS k JOIN journeys AS j ON j.definition = k.value ->> 0 AND j.customer = k.value ->> 1;";

    private const string FindStored =
        "SELECT k.key FROM json_each($p) AS k WHERE EXISTS (SELECT 1 FROM events AS e WHERE e.journey_id = k.value ->> 0 AND e.event_id = k.value ->> 1);";

    private const string CreateJourneys =
        "INSERT INTO journeys (definition, customer, version) SELECT value ->> 0, value ->> 1, 0 FROM json_each($n) ORDER BY key RETURNING id, definition, customer;";

    // rows are appended in the array's order: that order is the events' log order (their positions)
    private const string InsertEvents =
        "INSERT INTO events (journey_id, seq, event_id, touchpoint, occurred_at, offset_minutes, channel, value, segment, properties) "
        + "SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9 "
        + "FROM json_each($r) ORDER BY key;";

    private const string UpdateVersions =
        "UPDATE journeys SET version = u.value ->> 2 FROM json_each($v) AS u WHERE journeys.id = u.value ->> 0 AND journeys.version = u.value ->> 1;";

    /// <summary>Checks and applies <paramref name="appends"/> in order (a later append to a journey sees the earlier ones).</summary>
    public static AppendResult[] Apply(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<JourneyAppend> appends, CancellationToken cancellationToken)
    {
        // 1. the batch's journeys, and those that exist already (id and version)
        var states = new Dictionary<JourneyKey, State>();
        var keys = new List<State>();
        foreach (var append in appends)
        {
            if (!states.ContainsKey(append.Key))
            {
                var state = new State(append.Key);
                states.Add(append.Key, state);
                keys.Add(state);
            }
        }

        using (var find = Command(connection, transaction, FindJourneys, "$k", Json(keys, static (w, s) =>
        {
            w.WriteStringValue(s.Key.DefinitionName);
            w.WriteStringValue(s.Key.CustomerId);
        })))
        using (var reader = find.ExecuteReader())
        {
            while (reader.Read())
            {
                var state = keys[(int)reader.GetInt64(0)];
                state.Id = reader.GetInt64(1);
                state.StoredVersion = state.Version = reader.GetInt64(2);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();

        // 2. the event ids that the existing journeys already hold, among those of the batch
        var candidates = new List<(State State, string EventId)>();
        foreach (var append in appends)
        {
            var state = states[append.Key];
            if (state.Id > 0)
            {
                foreach (var e in append.Events)
                {
                    candidates.Add((state, e.EventId));
                }
            }
        }

        if (candidates.Count > 0)
        {
            using var stored = Command(connection, transaction, FindStored, "$p", Json(candidates, static (w, c) =>
            {
                w.WriteNumberValue(c.State.Id);
                w.WriteStringValue(c.EventId);
            }));
            using var reader = stored.ExecuteReader();
            while (reader.Read())
            {
                var (state, eventId) = candidates[(int)reader.GetInt64(0)];
                state.Ids.Add(eventId);
            }
        }

        // 3. decide each append in order
        var results = new AppendResult[appends.Count];
        var rows = new List<Row>();
        for (var i = 0; i < appends.Count; i++)
        {
            var append = appends[i];
            var state = states[append.Key];
            if (append.ExpectedVersion != state.Version)
            {
                results[i] = new AppendResult(AppendStatus.Conflict, state.Version, 0);
                continue;
            }

            List<string>? duplicates = null;
            var appended = 0;
            foreach (var e in append.Events)
            {
                if (state.Ids.Add(e.EventId))
                {
                    rows.Add(new Row(state, ++state.Version, e));
                    appended++;
                }
                else
                {
                    (duplicates ??= []).Add(e.EventId);
                }
            }

            results[i] = new AppendResult(AppendStatus.Appended, state.Version, appended, duplicates);
        }

        if (rows.Count == 0)
        {
            return results;
        }

        cancellationToken.ThrowIfCancellationRequested();

        // 4. create the journeys that get their first events
        var created = keys.Where(s => s.Id == 0 && s.Version > 0).ToList();
        if (created.Count > 0)
        {
            using var create = Command(connection, transaction, CreateJourneys, "$n", Json(created, static (w, s) =>
            {
                w.WriteStringValue(s.Key.DefinitionName);
                w.WriteStringValue(s.Key.CustomerId);
            }));
            using var reader = create.ExecuteReader();
            while (reader.Read())
            {
                states[new JourneyKey(reader.GetString(1), reader.GetString(2))].Id = reader.GetInt64(0);
            }
        }

        // 5. append the events, in order
        using (var insert = Command(connection, transaction, InsertEvents, "$r", Json(rows, static (w, r) =>
        {
            var e = r.Event;
            w.WriteNumberValue(r.State.Id);
            w.WriteNumberValue(r.Seq);
            w.WriteStringValue(e.EventId);
            w.WriteStringValue(e.Touchpoint);
            w.WriteNumberValue(e.OccurredAt.UtcTicks);
            w.WriteNumberValue((long)e.OccurredAt.Offset.TotalMinutes);
            WriteNullable(w, e.Channel);
            WriteNullable(w, e.Value is { } value ? value.ToString(CultureInfo.InvariantCulture) : null);
            WriteNullable(w, e.Segment);
            WriteNullable(w, e.Properties is { } properties ? PropertiesJson.Write(properties) : null);
        })))
        {
            insert.ExecuteNonQuery();
        }

        // 6. move the versions on, guarded by the versions read in step 1 (under the write lock they cannot have moved)
        var moved = keys.Where(s => s.Version != s.StoredVersion).ToList();
        using (var update = Command(connection, transaction, UpdateVersions, "$v", Json(moved, static (w, s) =>
        {
            w.WriteNumberValue(s.Id);
            w.WriteNumberValue(s.StoredVersion);
            w.WriteNumberValue(s.Version);
        })))
        {
            var updated = update.ExecuteNonQuery();
            if (updated != moved.Count)
            {
                throw new InvalidOperationException($"Moved {updated} of {moved.Count} journey versions: a journey changed under the write lock. Nothing was written.");
            }
        }

        return results;
    }

    private static void WriteNullable(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    /// <summary>A JSON array with one inner array per item, as text (SQLite would read a blob as its binary JSONB).</summary>
    private static string Json<T>(List<T> items, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, items.Count * 64));
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var item in items)
            {
                json.WriteStartArray();
                write(json, item);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, string name, string json)
    {
        var command = SqliteJourneyStore.Command(connection, transaction, sql);
        command.Parameters.Add(name, SqliteType.Text).Value = json;
        return command;
    }

    private sealed class State(JourneyKey key)
    {
        public JourneyKey Key { get; } = key;

        /// <summary>The journey's row id; 0 while it has no row.</summary>
        public long Id { get; set; }

        public long StoredVersion { get; set; }

        public long Version { get; set; }

        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);
    }

    private readonly record struct Row(State State, long Seq, TouchpointEvent Event);
}
