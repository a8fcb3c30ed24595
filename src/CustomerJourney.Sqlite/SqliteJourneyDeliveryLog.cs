using CustomerJourney.Acting;
using CustomerJourney.Storage.Rows;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Sqlite;

/// <summary>
/// The delivery log in a SQLite store's file: the checkpoint, the deliveries and the timers move in the same database as
/// the events, each change in one transaction. Obtain it from <see cref="SqliteJourneyStore.OpenDeliveryLog"/>.
/// </summary>
public sealed class SqliteJourneyDeliveryLog : IJourneyDeliveryLog, IDisposable
{
    private const string Columns =
        "id, handler, definition, customer, position, seq, from_stage, to_stage, cause, touchpoint, channel, event_id, occurred_at, segment, state, attempts, next_at, last_error";

    private readonly string _connectionString;
    private readonly string _pragmas;

    internal SqliteJourneyDeliveryLog(string connectionString, string pragmas)
    {
        _connectionString = connectionString;
        _pragmas = pragmas;
    }

    /// <inheritdoc />
    public bool IsDurable => true;

    /// <summary>Nothing to release: connections are opened per operation (pooled).</summary>
    public void Dispose()
    {
    }

    /// <summary>Nothing to release: connections are opened per operation (pooled).</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask<long> ReadCheckpointAsync(CancellationToken cancellationToken = default) => Run(connection =>
    {
        using var command = SqliteJourneyStore.Command(connection, null, "SELECT position FROM delivery_checkpoint WHERE name = 'default';");
        return (long)command.ExecuteScalar()!;
    });

    /// <inheritdoc />
    public ValueTask<bool> CommitAsync(long expected, long checkpoint, IReadOnlyList<NewDelivery> deliveries, IReadOnlyList<JourneyTimer> timers, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        ArgumentNullException.ThrowIfNull(timers);
        return Run(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using (var move = SqliteJourneyStore.Command(connection, transaction, "UPDATE delivery_checkpoint SET position = $new WHERE name = 'default' AND position = $old;"))
            {
                move.Parameters.AddWithValue("$new", checkpoint);
                move.Parameters.AddWithValue("$old", expected);
                if (move.ExecuteNonQuery() != 1)
                {
                    return false;
                }
            }

            if (deliveries.Count > 0)
            {
                using var insert = SqliteJourneyStore.Command(connection, transaction,
                    "INSERT OR IGNORE INTO deliveries (position, handler, definition, customer, seq, from_stage, to_stage, cause, touchpoint, channel, event_id, occurred_at, segment, next_at) "
                    + "VALUES ($p, $h, $d, $c, $s, $f, $t, $k, $tp, $ch, $e, $o, $sg, $n);");
                var p = insert.Parameters;
                var names = new[] { "$p", "$h", "$d", "$c", "$s", "$f", "$t", "$k", "$tp", "$ch", "$e", "$o", "$sg", "$n" };
                foreach (var name in names)
                {
                    p.Add(new SqliteParameter { ParameterName = name });
                }

                foreach (var delivery in deliveries)
                {
                    var (handler, t) = (delivery.Handler, delivery.Transition);
                    p[0].Value = t.Position;
                    p[1].Value = handler;
                    p[2].Value = t.Key.DefinitionName;
                    p[3].Value = t.Key.CustomerId;
                    p[4].Value = t.Sequence;
                    p[5].Value = (object?)t.From ?? DBNull.Value;
                    p[6].Value = t.To;
                    p[7].Value = (int)t.Cause;
                    p[8].Value = (object?)t.Touchpoint ?? DBNull.Value;
                    p[9].Value = (object?)t.Channel ?? DBNull.Value;
                    p[10].Value = (object?)t.EventId ?? DBNull.Value;
                    p[11].Value = t.OccurredAt.UtcTicks;
                    p[12].Value = (object?)t.Segment ?? DBNull.Value;
                    p[13].Value = now.UtcTicks;
                    insert.ExecuteNonQuery();
                }
            }

            if (timers.Count > 0)
            {
                using var set = SqliteJourneyStore.Command(connection, transaction,
                    "INSERT INTO delivery_timers (definition, customer, due_at) VALUES ($d, $c, $u) ON CONFLICT (definition, customer) DO UPDATE SET due_at = excluded.due_at;");
                using var remove = SqliteJourneyStore.Command(connection, transaction, "DELETE FROM delivery_timers WHERE definition = $d AND customer = $c;");
                foreach (var timer in timers)
                {
                    var command = timer.DueAt is null ? remove : set;
                    command.Parameters.Clear();
                    command.Parameters.AddWithValue("$d", timer.Key.DefinitionName);
                    command.Parameters.AddWithValue("$c", timer.Key.CustomerId);
                    if (timer.DueAt is { } due)
                    {
                        command.Parameters.AddWithValue("$u", due.UtcTicks);
                    }

                    command.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            return true;
        });
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JourneyDelivery>> ClaimAsync(string owner, int limit, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return Run<IReadOnlyList<JourneyDelivery>>(connection =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var claim = SqliteJourneyStore.Command(connection, transaction,
                "UPDATE deliveries SET lease_owner = $o, lease_until = $u WHERE id IN "
                + "(SELECT id FROM deliveries WHERE state = 0 AND next_at <= $now AND (lease_owner IS NULL OR lease_until < $now) ORDER BY id LIMIT $n) "
                + $"RETURNING {Columns};");
            claim.Parameters.AddWithValue("$o", owner);
            claim.Parameters.AddWithValue("$u", (now + lease).UtcTicks);
            claim.Parameters.AddWithValue("$now", now.UtcTicks);
            claim.Parameters.AddWithValue("$n", limit);
            var claimed = ReadAll(claim);
            transaction.Commit();
            claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
            return claimed;
        });
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(string owner, IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        var list = "[" + string.Join(",", ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
        return Execute("DELETE FROM deliveries WHERE id IN (SELECT value FROM json_each($ids)) AND lease_owner = $o;", ("$ids", list), ("$o", owner));
    }

    /// <inheritdoc />
    public ValueTask FailAsync(string owner, long id, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Execute(
            "UPDATE deliveries SET attempts = attempts + 1, last_error = $e, lease_owner = NULL, lease_until = 0, state = $s, next_at = $n WHERE id = $id AND lease_owner = $o;",
            ("$e", error),
            ("$s", retryAt is null ? (int)DeliveryState.Parked : (int)DeliveryState.Pending),
            ("$n", (retryAt ?? now).UtcTicks),
            ("$id", id),
            ("$o", owner));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JourneyTimer>> DueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<JourneyTimer>>(connection =>
        {
            using var command = SqliteJourneyStore.Command(connection, null, "SELECT definition, customer, due_at FROM delivery_timers WHERE due_at <= $now ORDER BY due_at LIMIT $n;");
            command.Parameters.AddWithValue("$now", now.UtcTicks);
            command.Parameters.AddWithValue("$n", limit);
            using var reader = command.ExecuteReader();
            var timers = new List<JourneyTimer>();
            while (reader.Read())
            {
                timers.Add(new JourneyTimer { Key = new JourneyKey(reader.GetString(0), reader.GetString(1)), DueAt = new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero) });
            }

            return timers;
        });

    /// <inheritdoc />
    public ValueTask ClearTimerAsync(JourneyKey key, DateTimeOffset dueAt, CancellationToken cancellationToken = default) =>
        Execute("DELETE FROM delivery_timers WHERE definition = $d AND customer = $c AND due_at = $u;", ("$d", key.DefinitionName), ("$c", key.CustomerId), ("$u", dueAt.UtcTicks));

    /// <inheritdoc />
    public ValueTask<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default) => Run<DateTimeOffset?>(connection =>
    {
        using var command = SqliteJourneyStore.Command(connection, null,
            "SELECT min(t) FROM (SELECT min(max(next_at, CASE WHEN lease_owner IS NULL THEN 0 ELSE lease_until END)) AS t FROM deliveries WHERE state = 0 "
            + "UNION ALL SELECT min(due_at) FROM delivery_timers);");
        return command.ExecuteScalar() is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    });

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JourneyDelivery>> ListAsync(bool parkedOnly, int limit, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<JourneyDelivery>>(connection =>
        {
            using var command = SqliteJourneyStore.Command(connection, null, $"SELECT {Columns} FROM deliveries WHERE $all OR state = 2 ORDER BY id LIMIT $n;");
            command.Parameters.AddWithValue("$all", parkedOnly ? 0 : 1);
            command.Parameters.AddWithValue("$n", limit);
            return ReadAll(command);
        });

    /// <inheritdoc />
    public async ValueTask<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await Run(connection =>
        {
            using var command = SqliteJourneyStore.Command(connection, null, "UPDATE deliveries SET state = 0, attempts = 0, lease_owner = NULL, lease_until = 0, next_at = $n WHERE id = $id;");
            command.Parameters.AddWithValue("$n", now.UtcTicks);
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteNonQuery() == 1;
        }).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask<DeliveryCounts> CountAsync(CancellationToken cancellationToken = default) => Run(connection =>
    {
        using var command = SqliteJourneyStore.Command(connection, null,
            "SELECT (SELECT count(*) FROM deliveries WHERE state = 0), (SELECT count(*) FROM deliveries WHERE state = 2), "
            + "(SELECT position FROM delivery_checkpoint WHERE name = 'default'), (SELECT min(due_at) FROM delivery_timers);");
        using var reader = command.ExecuteReader();
        reader.Read();
        return new DeliveryCounts { Pending = reader.GetInt64(0), Parked = reader.GetInt64(1), Checkpoint = reader.GetInt64(2), OldestTimer = reader.IsDBNull(3) ? null : new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero) };
    });

    private static List<JourneyDelivery> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<JourneyDelivery>();
        while (reader.Read())
        {
            list.Add(DeliveryRows.Read(reader));
        }

        return list;
    }

    private ValueTask Execute(string sql, params (string Name, object Value)[] parameters) => new(Run(connection =>
    {
        using var command = SqliteJourneyStore.Command(connection, null, sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }).AsTask());

    private ValueTask<T> Run<T>(Func<SqliteConnection, T> operation)
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = _pragmas;
                pragmas.ExecuteNonQuery();
            }

            return ValueTask.FromResult(operation(connection));
        }
        catch (SqliteException ex) when (SqliteStoreErrors.Classify(ex) is { } typed)
        {
            throw typed;
        }
    }
}
