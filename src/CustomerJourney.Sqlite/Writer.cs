using System.Globalization;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Sqlite;

/// <summary>
/// Applies appends inside one open write transaction with prepared, reused commands: a version compare-and-set per
/// journey and multi-row inserts of the new events, buffered across journeys.
/// </summary>
internal sealed class Writer : IDisposable
{
    private const int Columns = 10;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteCommand _find;
    private readonly SqliteCommand _create;
    private readonly SqliteCommand _exists;
    private readonly SqliteCommand _setVersion;
    private readonly SqliteCommand _insertMany;
    private SqliteCommand? _insertOne;
    private readonly int _rows;
    private readonly Row[] _pending;
    private int _pendingCount;
    private readonly HashSet<long> _touched = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<TouchpointEvent> _fresh = [];

    public Writer(SqliteConnection connection, SqliteTransaction transaction, int rows)
    {
        _connection = connection;
        _transaction = transaction;
        _rows = rows;
        _pending = new Row[rows];
        _find = Prepared("SELECT id, version FROM journeys WHERE definition = $d AND customer = $c;", "$d", "$c");
        _create = Prepared("INSERT INTO journeys (definition, customer, version) VALUES ($d, $c, 0) RETURNING id;", "$d", "$c");
        _exists = Prepared("SELECT 1 FROM events WHERE journey_id = $j AND event_id = $e;", "$j", "$e");
        _setVersion = Prepared("UPDATE journeys SET version = $new WHERE id = $id AND version = $expected;", "$new", "$id", "$expected");
        _insertMany = InsertCommand(rows);
    }

    public AppendResult Append(JourneyKey key, long expectedVersion, IReadOnlyList<TouchpointEvent> events)
    {
        _find.Parameters[0].Value = key.DefinitionName;
        _find.Parameters[1].Value = key.CustomerId;
        long id = -1, version = 0;
        using (var reader = _find.ExecuteReader())
        {
            if (reader.Read())
            {
                id = reader.GetInt64(0);
                version = reader.GetInt64(1);
            }
        }

        if (version != expectedVersion)
        {
            return new AppendResult(AppendStatus.Conflict, version, 0);
        }

        if (id >= 0 && !_touched.Add(id))
        {
            Flush(); // the journey was appended to earlier in this batch: its rows must be visible to the duplicate check
        }

        List<string>? duplicates = null;
        _seen.Clear();
        _fresh.Clear();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!_seen.Add(e.EventId) || (id >= 0 && Exists(id, e.EventId)))
            {
                (duplicates ??= []).Add(e.EventId);
            }
            else
            {
                _fresh.Add(e);
            }
        }

        if (_fresh.Count == 0)
        {
            return new AppendResult(AppendStatus.Appended, version, 0, duplicates);
        }

        if (id < 0)
        {
            _create.Parameters[0].Value = key.DefinitionName;
            _create.Parameters[1].Value = key.CustomerId;
            id = (long)_create.ExecuteScalar()!;
            _touched.Add(id);
        }

        var seq = version;
        foreach (var e in _fresh)
        {
            _pending[_pendingCount++] = new Row(id, ++seq, e);
            if (_pendingCount == _rows)
            {
                Flush();
            }
        }

        var fresh = _fresh.Count;
        _fresh.Clear();
        _setVersion.Parameters[0].Value = seq;
        _setVersion.Parameters[1].Value = id;
        _setVersion.Parameters[2].Value = version;
        if (_setVersion.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"The version of journey '{key.CustomerId}' on '{key.DefinitionName}' changed under the write lock.");
        }

        return new AppendResult(AppendStatus.Appended, seq, fresh, duplicates);
    }

    public void Flush()
    {
        if (_pendingCount == 0)
        {
            return;
        }

        if (_pendingCount == _rows)
        {
            Bind(_insertMany, _pendingCount);
            _insertMany.ExecuteNonQuery();
        }
        else
        {
            _insertOne ??= InsertCommand(1);
            for (var i = 0; i < _pendingCount; i++)
            {
                _pending[0] = _pending[i];
                Bind(_insertOne, 1);
                _insertOne.ExecuteNonQuery();
            }
        }

        Array.Clear(_pending);
        _pendingCount = 0;
    }

    public void Dispose()
    {
        _find.Dispose();
        _create.Dispose();
        _exists.Dispose();
        _setVersion.Dispose();
        _insertMany.Dispose();
        _insertOne?.Dispose();
    }

    private bool Exists(long journeyId, string eventId)
    {
        _exists.Parameters[0].Value = journeyId;
        _exists.Parameters[1].Value = (object?)eventId ?? DBNull.Value;
        return _exists.ExecuteScalar() is not null;
    }

    private void Bind(SqliteCommand command, int count)
    {
        var parameters = command.Parameters;
        for (var r = 0; r < count; r++)
        {
            var row = _pending[r];
            var e = row.Event;
            var p = r * Columns;
            parameters[p].Value = row.JourneyId;
            parameters[p + 1].Value = row.Seq;
            parameters[p + 2].Value = (object?)e.EventId ?? DBNull.Value;
            parameters[p + 3].Value = e.Touchpoint;
            parameters[p + 4].Value = e.OccurredAt.UtcTicks;
            parameters[p + 5].Value = (long)e.OccurredAt.Offset.TotalMinutes;
            parameters[p + 6].Value = (object?)e.Channel ?? DBNull.Value;
            parameters[p + 7].Value = e.Value is { } value ? value.ToString(CultureInfo.InvariantCulture) : DBNull.Value;
            parameters[p + 8].Value = (object?)e.Segment ?? DBNull.Value;
            parameters[p + 9].Value = e.Properties is { } properties ? PropertiesJson.Write(properties) : DBNull.Value;
        }
    }

    private SqliteCommand InsertCommand(int rows)
    {
        var sql = new System.Text.StringBuilder("INSERT INTO events (journey_id, seq, event_id, touchpoint, occurred_at, offset_minutes, channel, value, segment, properties) VALUES ");
        var names = new string[rows * Columns];
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < Columns; c++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"$p{(r * Columns) + c}");
                names[(r * Columns) + c] = name;
                sql.Append(c == 0 ? name : ", " + name);
            }

            sql.Append(')');
        }

        sql.Append(';');
        return Prepared(sql.ToString(), names);
    }

    private SqliteCommand Prepared(string sql, params string[] parameters)
    {
        var command = SqliteJourneyStore.Command(_connection, _transaction, sql);
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        command.Prepare();
        return command;
    }

    private readonly record struct Row(long JourneyId, long Seq, TouchpointEvent Event);
}
