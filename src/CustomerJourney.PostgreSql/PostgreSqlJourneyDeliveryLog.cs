using CustomerJourney.Acting;
using CustomerJourney.Storage.Rows;
using Npgsql;
using NpgsqlTypes;

namespace CustomerJourney.PostgreSql;

/// <summary>
/// The delivery log in a PostgreSQL store's schema, shared by every host instance on the database: the checkpoint moves
/// by compare-and-set, deliveries are claimed with <c>FOR UPDATE SKIP LOCKED</c> under a lease (so two instances never
/// hold the same delivery at once, and another instance takes a delivery over once the lease of a dead one ends).
/// Obtain it from <see cref="PostgreSqlJourneyStore.OpenDeliveryLog"/>.
/// </summary>
public sealed class PostgreSqlJourneyDeliveryLog : IJourneyDeliveryLog
{
    private const string Columns =
        "id, handler, definition, customer, position, seq, from_stage, to_stage, cause, touchpoint, channel, event_id, occurred_at_ticks, segment, state, attempts, next_at_ticks, last_error";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _s;
    private readonly Func<CancellationToken, ValueTask> _ensureMigrated;

    internal PostgreSqlJourneyDeliveryLog(NpgsqlDataSource dataSource, string quotedSchema, Func<CancellationToken, ValueTask> ensureMigrated)
    {
        _dataSource = dataSource;
        _s = quotedSchema;
        _ensureMigrated = ensureMigrated;
    }

    /// <inheritdoc />
    public bool IsDurable => true;

    /// <summary>Nothing to release: the data source belongs to the store.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask<long> ReadCheckpointAsync(CancellationToken cancellationToken = default) => Typed(ReadCheckpointAsyncCore(cancellationToken));

    private async ValueTask<long> ReadCheckpointAsyncCore(CancellationToken cancellationToken) =>
        (long)(await ScalarAsync($"SELECT position FROM {_s}.delivery_checkpoint WHERE name = 'default'", cancellationToken).ConfigureAwait(false))!;

    /// <inheritdoc />
    public ValueTask<bool> CommitAsync(long expected, long checkpoint, IReadOnlyList<NewDelivery> deliveries, IReadOnlyList<JourneyTimer> timers, DateTimeOffset now, CancellationToken cancellationToken = default) => Typed(CommitAsyncCore(expected, checkpoint, deliveries, timers, now, cancellationToken));

    private async ValueTask<bool> CommitAsyncCore(long expected, long checkpoint, IReadOnlyList<NewDelivery> deliveries, IReadOnlyList<JourneyTimer> timers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        ArgumentNullException.ThrowIfNull(timers);
        await _ensureMigrated(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var move = new NpgsqlCommand($"UPDATE {_s}.delivery_checkpoint SET position = @new WHERE name = 'default' AND position = @old", connection, transaction))
        {
            move.Parameters.AddWithValue("new", checkpoint);
            move.Parameters.AddWithValue("old", expected);
            if (await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false; // another instance derived these events first (its transaction held the row; ours saw the new position)
            }
        }

        if (deliveries.Count > 0)
        {
            await using var insert = new NpgsqlCommand(
                $"""
                INSERT INTO {_s}.deliveries (position, handler, definition, customer, seq, from_stage, to_stage, cause, touchpoint, channel, event_id, occurred_at_ticks, segment, next_at_ticks)
                SELECT u.p, u.h, u.d, u.c, u.s, u.f, u.t, u.k, u.tp, u.ch, u.e, u.o, u.sg, @n
                FROM unnest(@p, @h, @d, @c, @s, @f, @t, @k, @tp, @ch, @e, @o, @sg) AS u(p, h, d, c, s, f, t, k, tp, ch, e, o, sg)
                ON CONFLICT (position, handler) DO NOTHING
                """,
                connection,
                transaction);
            var list = deliveries;
            insert.Parameters.AddWithValue("p", list.Select(d => d.Transition.Position).ToArray());
            insert.Parameters.AddWithValue("h", list.Select(d => d.Handler).ToArray());
            insert.Parameters.AddWithValue("d", list.Select(d => d.Transition.Key.DefinitionName).ToArray());
            insert.Parameters.AddWithValue("c", list.Select(d => d.Transition.Key.CustomerId).ToArray());
            insert.Parameters.AddWithValue("s", list.Select(d => d.Transition.Sequence).ToArray());
            insert.Parameters.Add(TextArray("f", list.Select(d => d.Transition.From)));
            insert.Parameters.AddWithValue("t", list.Select(d => d.Transition.To).ToArray());
            insert.Parameters.AddWithValue("k", list.Select(d => (short)d.Transition.Cause).ToArray());
            insert.Parameters.Add(TextArray("tp", list.Select(d => d.Transition.Touchpoint)));
            insert.Parameters.Add(TextArray("ch", list.Select(d => d.Transition.Channel)));
            insert.Parameters.Add(TextArray("e", list.Select(d => d.Transition.EventId)));
            insert.Parameters.AddWithValue("o", list.Select(d => d.Transition.OccurredAt.UtcTicks).ToArray());
            insert.Parameters.Add(TextArray("sg", list.Select(d => d.Transition.Segment)));
            insert.Parameters.AddWithValue("n", now.UtcTicks);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (timers.Count > 0)
        {
            var set = timers.Where(t => t.DueAt is not null).ToList();
            var remove = timers.Where(t => t.DueAt is null).ToList();
            await using var command = new NpgsqlCommand(
                $"""
                DELETE FROM {_s}.delivery_timers AS t USING unnest(@rd, @rc) AS u(d, c) WHERE t.definition = u.d AND t.customer = u.c;
                INSERT INTO {_s}.delivery_timers (definition, customer, due_at_ticks) SELECT * FROM unnest(@sd, @sc, @su)
                ON CONFLICT (definition, customer) DO UPDATE SET due_at_ticks = excluded.due_at_ticks;
                """,
                connection,
                transaction);
            command.Parameters.AddWithValue("rd", remove.Select(t => t.Key.DefinitionName).ToArray());
            command.Parameters.AddWithValue("rc", remove.Select(t => t.Key.CustomerId).ToArray());
            command.Parameters.AddWithValue("sd", set.Select(t => t.Key.DefinitionName).ToArray());
            command.Parameters.AddWithValue("sc", set.Select(t => t.Key.CustomerId).ToArray());
            command.Parameters.AddWithValue("su", set.Select(t => t.DueAt!.Value.UtcTicks).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JourneyDelivery>> ClaimAsync(string owner, int limit, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default) => Typed(ClaimAsyncCore(owner, limit, now, lease, cancellationToken));

    private async ValueTask<IReadOnlyList<JourneyDelivery>> ClaimAsyncCore(string owner, int limit, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await _ensureMigrated(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            UPDATE {_s}.deliveries SET lease_owner = @o, lease_until_ticks = @u WHERE id IN (
                SELECT id FROM {_s}.deliveries
                WHERE state = 0 AND next_at_ticks <= @now AND (lease_owner IS NULL OR lease_until_ticks < @now)
                ORDER BY id LIMIT @n FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """,
            connection);
        command.Parameters.AddWithValue("o", owner);
        command.Parameters.AddWithValue("u", (now + lease).UtcTicks);
        command.Parameters.AddWithValue("now", now.UtcTicks);
        command.Parameters.AddWithValue("n", limit);
        var claimed = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return claimed;
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(string owner, IReadOnlyList<long> ids, CancellationToken cancellationToken = default) => Typed(CompleteAsyncCore(owner, ids, cancellationToken));

    private async ValueTask CompleteAsyncCore(string owner, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return;
        }

        await ExecuteAsync($"DELETE FROM {_s}.deliveries WHERE id = ANY(@ids) AND lease_owner = @o", cancellationToken, ("ids", ids.ToArray()), ("o", owner)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask FailAsync(string owner, long id, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken cancellationToken = default) => Typed(FailAsyncCore(owner, id, error, retryAt, now, cancellationToken));

    private async ValueTask FailAsyncCore(string owner, long id, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            $"UPDATE {_s}.deliveries SET attempts = attempts + 1, last_error = @e, lease_owner = NULL, lease_until_ticks = 0, state = @st, next_at_ticks = @n WHERE id = @id AND lease_owner = @o",
            cancellationToken,
            ("e", error),
            ("st", retryAt is null ? (short)DeliveryState.Parked : (short)DeliveryState.Pending),
            ("n", (retryAt ?? now).UtcTicks),
            ("id", id),
            ("o", owner)).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JourneyTimer>> DueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) => Typed(DueTimersAsyncCore(now, limit, cancellationToken));

    private async ValueTask<IReadOnlyList<JourneyTimer>> DueTimersAsyncCore(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await _ensureMigrated(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT definition, customer, due_at_ticks FROM {_s}.delivery_timers WHERE due_at_ticks <= @now ORDER BY due_at_ticks LIMIT @n", connection);
        command.Parameters.AddWithValue("now", now.UtcTicks);
        command.Parameters.AddWithValue("n", limit);
        var timers = new List<JourneyTimer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            timers.Add(new JourneyTimer { Key = new JourneyKey(reader.GetString(0), reader.GetString(1)), DueAt = new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero) });
        }

        return timers;
    }

    /// <inheritdoc />
    public ValueTask ClearTimerAsync(JourneyKey key, DateTimeOffset dueAt, CancellationToken cancellationToken = default) => Typed(ClearTimerAsyncCore(key, dueAt, cancellationToken));

    private async ValueTask ClearTimerAsyncCore(JourneyKey key, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        await ExecuteAsync($"DELETE FROM {_s}.delivery_timers WHERE definition = @d AND customer = @c AND due_at_ticks = @u", cancellationToken, ("d", key.DefinitionName), ("c", key.CustomerId), ("u", dueAt.UtcTicks)).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default) => Typed(NextDueAsyncCore(cancellationToken));

    private async ValueTask<DateTimeOffset?> NextDueAsyncCore(CancellationToken cancellationToken) =>
        await ScalarAsync(
            $"""
            SELECT least(
                (SELECT min(greatest(next_at_ticks, CASE WHEN lease_owner IS NULL THEN 0 ELSE lease_until_ticks END)) FROM {_s}.deliveries WHERE state = 0),
                (SELECT min(due_at_ticks) FROM {_s}.delivery_timers))
            """,
            cancellationToken).ConfigureAwait(false) is long ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JourneyDelivery>> ListAsync(bool parkedOnly, int limit, CancellationToken cancellationToken = default) => Typed(ListAsyncCore(parkedOnly, limit, cancellationToken));

    private async ValueTask<IReadOnlyList<JourneyDelivery>> ListAsyncCore(bool parkedOnly, int limit, CancellationToken cancellationToken)
    {
        await _ensureMigrated(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM {_s}.deliveries WHERE @all OR state = 2 ORDER BY id LIMIT @n", connection);
        command.Parameters.AddWithValue("all", !parkedOnly);
        command.Parameters.AddWithValue("n", limit);
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default) => Typed(RetryAsyncCore(id, now, cancellationToken));

    private async ValueTask<bool> RetryAsyncCore(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync($"UPDATE {_s}.deliveries SET state = 0, attempts = 0, lease_owner = NULL, lease_until_ticks = 0, next_at_ticks = @n WHERE id = @id", cancellationToken, ("n", now.UtcTicks), ("id", id)).ConfigureAwait(false) == 1;

    /// <inheritdoc />
    public ValueTask<DeliveryCounts> CountAsync(CancellationToken cancellationToken = default) => Typed(CountAsyncCore(cancellationToken));

    private async ValueTask<DeliveryCounts> CountAsyncCore(CancellationToken cancellationToken)
    {
        await _ensureMigrated(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT (SELECT count(*) FROM {_s}.deliveries WHERE state = 0), (SELECT count(*) FROM {_s}.deliveries WHERE state = 2),
                   (SELECT position FROM {_s}.delivery_checkpoint WHERE name = 'default'), (SELECT min(due_at_ticks) FROM {_s}.delivery_timers)
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new DeliveryCounts { Pending = reader.GetInt64(0), Parked = reader.GetInt64(1), Checkpoint = reader.GetInt64(2), OldestTimer = reader.IsDBNull(3) ? null : new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero) };
    }

    private static NpgsqlParameter<string?[]> TextArray(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = values.ToArray() };

    private static async Task<List<JourneyDelivery>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<JourneyDelivery>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(DeliveryRows.Read(r));
        }

        return list;
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await _ensureMigrated(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await _ensureMigrated(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a delivery-log operation, rethrowing PostgreSQL's connection and corruption errors as the store's typed failures.</summary>
    private static async ValueTask<T> Typed<T>(ValueTask<T> operation)
    {
        try
        {
            return await operation.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && PostgreSqlStoreErrors.Classify(ex) is { } typed && !ReferenceEquals(typed, ex))
        {
            throw typed;
        }
    }

    /// <summary>Runs a delivery-log operation, rethrowing PostgreSQL's connection and corruption errors as the store's typed failures.</summary>
    private static async ValueTask Typed(ValueTask operation)
    {
        try
        {
            await operation.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && PostgreSqlStoreErrors.Classify(ex) is { } typed && !ReferenceEquals(typed, ex))
        {
            throw typed;
        }
    }
}
