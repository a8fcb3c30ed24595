using System.Buffers.Text;
using System.Text;
using CustomerJourney.Storage;
using SQLitePCL;
using static CustomerJourney.Sqlite.Native;

namespace CustomerJourney.Sqlite;

/// <summary>
/// Reads journeys through prepared statements stepped with SQLite's C API (under Microsoft.Data.Sqlite's connection): no
/// per-row reader objects, values parsed from their UTF-8 bytes, and the few distinct touchpoints, channels and segments
/// decoded once per call instead of once per row.
/// </summary>
internal sealed class EventRows
{
    private const string FindJourney = "SELECT id, version FROM journeys WHERE definition = ?1 AND customer = ?2;";

    private const string JourneyEvents =
        "SELECT event_id, touchpoint, occurred_at, offset_minutes, channel, value, segment, properties FROM events WHERE journey_id = ?1 ORDER BY position;";

    private readonly StringPool _touchpoints = new();
    private readonly StringPool _channels = new();
    private readonly StringPool _segments = new();

    /// <summary>Loads each key's journey (<see langword="null"/> when it has no events) inside the connection's open transaction.</summary>
    public StoredJourney?[] LoadMany(sqlite3 db, IReadOnlyList<JourneyKey> keys, CancellationToken cancellationToken)
    {
        var results = new StoredJourney?[keys.Count];
        using var find = Prepare(db, FindJourney);
        using var events = Prepare(db, JourneyEvents);
        for (var i = 0; i < keys.Count; i++)
        {
            if ((i & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var key = keys[i];
            Check(db, raw.sqlite3_bind_text16(find, 1, key.DefinitionName.AsSpan()));
            Check(db, raw.sqlite3_bind_text16(find, 2, key.CustomerId.AsSpan()));
            var rc = raw.sqlite3_step(find);
            if (rc != raw.SQLITE_ROW)
            {
                Done(db, find, rc);
                continue;
            }

            var id = raw.sqlite3_column_int64(find, 0);
            var version = raw.sqlite3_column_int64(find, 1);
            Done(db, find, raw.sqlite3_step(find));

            var list = new List<TouchpointEvent>((int)Math.Min(version, 1 << 16));
            Check(db, raw.sqlite3_bind_int64(events, 1, id));
            while ((rc = raw.sqlite3_step(events)) == raw.SQLITE_ROW)
            {
                list.Add(Read(events, key.CustomerId));
            }

            Done(db, events, rc);
            results[i] = list.Count == 0 ? null : new StoredJourney { Key = key, Version = version, Events = list };
        }

        return results;
    }

    private TouchpointEvent Read(sqlite3_stmt row, string customerId)
    {
        var offset = raw.sqlite3_column_int64(row, 3);
        var utcTicks = raw.sqlite3_column_int64(row, 2);
        var occurredAt = new DateTimeOffset(utcTicks + (offset * TimeSpan.TicksPerMinute), TimeSpan.FromMinutes(offset));
        decimal? value = null;
        if (raw.sqlite3_column_type(row, 5) != raw.SQLITE_NULL)
        {
            var bytes = raw.sqlite3_column_blob(row, 5);
            value = Utf8Parser.TryParse(bytes, out decimal parsed, out var consumed) && consumed == bytes.Length
                ? parsed
                : decimal.Parse(Encoding.UTF8.GetString(bytes), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);
        }

        return new TouchpointEvent(Text(row, 0)!, customerId, _touchpoints.Get(row, 1)!, occurredAt)
        {
            Channel = _channels.Get(row, 4),
            Value = value,
            Segment = _segments.Get(row, 6),
            Properties = Text(row, 7) is { } properties ? PropertiesJson.Read(properties) : null,
        };
    }

    private static string? Text(sqlite3_stmt row, int column) =>
        raw.sqlite3_column_type(row, column) == raw.SQLITE_NULL ? null : Encoding.UTF8.GetString(raw.sqlite3_column_blob(row, column));

    /// <summary>
    /// Strings of a low-cardinality column, decoded once. A column with more than 32 distinct values in one call is not
    /// low-cardinality: from then on every value is decoded per row, so a pool never costs more than one scan per row.
    /// </summary>
    private sealed class StringPool
    {
        private const int Capacity = 32;
        private readonly List<(byte[] Utf8, string Text)> _entries = [];
        private bool _overflowed;

        public string? Get(sqlite3_stmt row, int column)
        {
            if (raw.sqlite3_column_type(row, column) == raw.SQLITE_NULL)
            {
                return null;
            }

            var bytes = raw.sqlite3_column_blob(row, column);
            if (_overflowed)
            {
                return Encoding.UTF8.GetString(bytes);
            }

            foreach (var (utf8, text) in _entries)
            {
                if (bytes.SequenceEqual(utf8))
                {
                    return text;
                }
            }

            var decoded = Encoding.UTF8.GetString(bytes);
            if (_entries.Count < Capacity)
            {
                _entries.Add((bytes.ToArray(), decoded));
            }
            else
            {
                _overflowed = true;
            }

            return decoded;
        }
    }
}
