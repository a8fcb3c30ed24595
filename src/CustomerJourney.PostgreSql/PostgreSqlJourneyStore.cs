using System.Data;
using System.Runtime.CompilerServices;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;
using Npgsql;
using NpgsqlTypes;

namespace CustomerJourney.PostgreSql;

/// <summary>
/// An <see cref="IJourneyStore"/> in PostgreSQL, shared by any number of host processes. Every append is one
/// transaction that locks the journeys it touches (in a fixed order), checks their versions, skips events already
/// stored and writes the rest; a batch (<see cref="AppendManyAsync"/>) commits many journeys in one transaction with
/// one result per journey, writing large batches with binary COPY.
/// </summary>
/// <remarks>
/// <para>
/// Tables live in one schema (<see cref="PostgreSqlJourneyStoreOptions.Schema"/>): <c>journeys</c> (id, definition,
/// customer, version) and <c>events</c> (journey_id, seq, event_id, ...), unique on (journey_id, event_id) so a re-sent
/// event is never a second row, and <c>schema_version</c>. The store creates and upgrades them
/// on first use (or in <see cref="MigrateAsync"/>), under an advisory lock so that processes starting together are safe.
/// </para>
/// <para>
/// Concurrency: the <c>journeys</c> row is the lock of its journey. An append locks it (<c>SELECT ... FOR UPDATE</c>,
/// in (definition, customer) order so that batches never deadlock one another), compares its version with the
/// expected one, and moves it on with a guarded <c>UPDATE ... WHERE version = old</c>; a new journey's row is created
/// with <c>INSERT ... ON CONFLICT DO NOTHING</c>. A stale version is <see cref="AppendStatus.Conflict"/> and writes
/// nothing; a lost update is impossible. Commits are as durable as the server's <c>synchronous_commit</c> makes them.
/// </para>
/// </remarks>
public sealed partial class PostgreSqlJourneyStore : IJourneyStore, IDisposable
{
    /// <summary>The schema version this release creates and expects.</summary>
    public const int CurrentSchemaVersion = 5;

    /// <summary>Batches with at least this many new events are written with binary COPY, smaller ones with one INSERT.</summary>
    internal const int CopyThreshold = 64;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly Sql _sql;
    private readonly bool _migrateOnFirstUse;
    private static readonly TimeSpan MaxTransientDelay = TimeSpan.FromSeconds(1); // the longest wait between two retries of a deadlock or serialization failure
    private readonly int _maxTransientRetries;
    private readonly SemaphoreSlim _migrateGate = new(1, 1);
    private volatile bool _migrated;

    /// <summary>Creates a store over a connection string, in <paramref name="schema"/>.</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="schema">The schema (see <see cref="PostgreSqlJourneyStoreOptions.Schema"/>).</param>
    /// <exception cref="ArgumentException">The schema name is invalid.</exception>
    public PostgreSqlJourneyStore(string connectionString, string schema = PostgreSqlJourneyStoreOptions.DefaultSchema)
        : this(new PostgreSqlJourneyStoreOptions { ConnectionString = connectionString, Schema = schema })
    {
    }

    /// <summary>Creates a store.</summary>
    /// <param name="options">The connection (string or data source) and schema.</param>
    /// <exception cref="ArgumentException">Neither a connection string nor a data source was given, or a setting is invalid (<see cref="PostgreSqlJourneyStoreOptions.Validate"/>).</exception>
    public PostgreSqlJourneyStore(PostgreSqlJourneyStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Validated();
        if (options.DataSource is { } dataSource)
        {
            _dataSource = dataSource;
        }
        else if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
            _ownsDataSource = true;
        }
        else
        {
            throw new ArgumentException("Set a connection string or a data source.", nameof(options));
        }

        _sql = new Sql(options.Schema);
        Schema = options.Schema;
        _migrateOnFirstUse = options.MigrateOnFirstUse;
        _maxTransientRetries = options.MaxTransientRetries;
    }

    /// <summary>The schema holding the store's tables.</summary>
    public string Schema { get; }

    /// <summary>
    /// Creates the schema and its tables, or upgrades them to <see cref="CurrentSchemaVersion"/>. Idempotent, and safe
    /// when several processes migrate at once (they take turns under a transaction-scoped advisory lock).
    /// </summary>
    /// <param name="cancellationToken">Cancels the migration (nothing of an unfinished migration step is kept).</param>
    /// <returns>The schema version found before migrating (0 for a new schema).</returns>
    /// <exception cref="InvalidOperationException">The schema was created by a newer release.</exception>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('CustomerJourney.PostgreSql'), hashtext(@schema))", connection, transaction))
        {
            command.Parameters.AddWithValue("schema", Schema);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, _sql.CreateSchema, cancellationToken).ConfigureAwait(false);
        int found;
        await using (var command = new NpgsqlCommand(_sql.CurrentVersion, connection, transaction))
        {
            found = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (found > _sql.Migrations.Count)
        {
            throw new InvalidOperationException($"The schema '{Schema}' is at version {found}, newer than this release's {CurrentSchemaVersion}: upgrade CustomerJourney.PostgreSql.");
        }

        for (var version = found + 1; version <= _sql.Migrations.Count; version++)
        {
            var (description, text) = _sql.Migrations[version - 1];
            await ExecuteAsync(connection, transaction, text, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand(_sql.RecordVersion, connection, transaction);
            record.Parameters.AddWithValue("version", version);
            record.Parameters.AddWithValue("description", description);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _migrated = true;
        return found;
    }

    /// <inheritdoc />
    public async ValueTask<StoredJourney?> LoadAsync(JourneyKey key, CancellationToken cancellationToken = default)
    {
        try
        {
            return await LoadAsyncCore(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && PostgreSqlStoreErrors.Classify(ex) is { } typed && !ReferenceEquals(typed, ex))
        {
            throw typed;
        }
    }

    private async ValueTask<StoredJourney?> LoadAsyncCore(JourneyKey key, CancellationToken cancellationToken)
    {
        CheckKey(key);
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.Load, connection);
        command.Parameters.AddWithValue("d", key.DefinitionName);
        command.Parameters.AddWithValue("c", key.CustomerId);
        var events = new List<TouchpointEvent>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(ReadEvent(reader, 0, key.CustomerId));
            }
        }

        return events.Count == 0 ? null : new StoredJourney { Key = key, Version = events.Count, Events = events };
    }

    /// <inheritdoc />
    /// <remarks>All the journeys are read in one round trip (one statement, one snapshot).</remarks>
    public async ValueTask<IReadOnlyList<StoredJourney?>> LoadManyAsync(IReadOnlyList<JourneyKey> keys, CancellationToken cancellationToken = default)
    {
        try
        {
            return await LoadManyAsyncCore(keys, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && PostgreSqlStoreErrors.Classify(ex) is { } typed && !ReferenceEquals(typed, ex))
        {
            throw typed;
        }
    }

    private async ValueTask<IReadOnlyList<StoredJourney?>> LoadManyAsyncCore(IReadOnlyList<JourneyKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var results = new StoredJourney?[keys.Count];
        if (keys.Count == 0)
        {
            return results;
        }

        foreach (var key in keys)
        {
            CheckKey(key);
        }

        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.LoadMany, connection);
        command.Parameters.AddWithValue("ds", keys.Select(k => k.DefinitionName).ToArray());
        command.Parameters.AddWithValue("cs", keys.Select(k => k.CustomerId).ToArray());
        var events = new List<TouchpointEvent>[keys.Count];
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var index = (int)reader.GetInt64(0) - 1;
                (events[index] ??= []).Add(ReadEvent(reader, 1, keys[index].CustomerId));
            }
        }

        for (var i = 0; i < keys.Count; i++)
        {
            results[i] = events[i] is { Count: > 0 } list ? new StoredJourney { Key = keys[i], Version = list.Count, Events = list } : null;
        }

        return results;
    }

    /// <inheritdoc />
    public async ValueTask<AppendResult> AppendAsync(JourneyKey key, long expectedVersion, IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default)
    {
        try
        {
            return await AppendAsyncCore(key, expectedVersion, events, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && PostgreSqlStoreErrors.Classify(ex) is { } typed && !ReferenceEquals(typed, ex))
        {
            throw typed;
        }
    }

    private async ValueTask<AppendResult> AppendAsyncCore(JourneyKey key, long expectedVersion, IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken)
    {
        var results = await AppendManyAsync([new JourneyAppend { Key = key, ExpectedVersion = expectedVersion, Events = events }], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>
    /// Appends to many journeys in one transaction: each append is checked and applied as
    /// <see cref="AppendAsync"/> would, in order (a later append to the same journey sees the earlier ones); an append
    /// whose expected version is stale is a <see cref="AppendStatus.Conflict"/> and writes nothing, the others commit
    /// together. Either the whole batch is committed or, on an error, none of it.
    /// </summary>
    /// <param name="appends">The appends.</param>
    /// <param name="cancellationToken">Cancels the batch (nothing is committed).</param>
    /// <returns>One result per append, in order.</returns>
    /// <exception cref="ArgumentException">An event belongs to another customer than its journey (nothing is written).</exception>
    public async ValueTask<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<JourneyAppend> appends, CancellationToken cancellationToken = default)
    {
        try
        {
            return await AppendManyAsyncCore(appends, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && PostgreSqlStoreErrors.Classify(ex) is { } typed && !ReferenceEquals(typed, ex))
        {
            throw typed;
        }
    }

    private async ValueTask<IReadOnlyList<AppendResult>> AppendManyAsyncCore(IReadOnlyList<JourneyAppend> appends, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appends);
        var plan = BatchPlan.Create(appends);
        if (appends.Count == 0)
        {
            return [];
        }

        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await AppendOnceAsync(plan, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (attempt < _maxTransientRetries && ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                await Task.Delay(RetryBackoff.Delay(attempt + 4, MaxTransientDelay), cancellationToken).ConfigureAwait(false); // 0-8 ms first, doubling, capped
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredJourney> ReadAllAsync(string definitionName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definitionName);
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (await HasLinksAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            await foreach (var linked in ReadAllLinkedAsync(connection, definitionName, cancellationToken).ConfigureAwait(false))
            {
                yield return linked;
            }

            yield break;
        }

        await using var command = new NpgsqlCommand(_sql.ReadAll, connection);
        command.Parameters.AddWithValue("d", definitionName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        string? customer = null;
        var events = new List<TouchpointEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var rowCustomer = reader.GetString(0);
            if (customer is not null && !string.Equals(customer, rowCustomer, StringComparison.Ordinal))
            {
                yield return new StoredJourney { Key = new JourneyKey(definitionName, customer), Version = events.Count, Events = events };
                events = [];
            }

            customer = rowCustomer;
            events.Add(ReadEvent(reader, 1, rowCustomer));
        }

        if (customer is not null)
        {
            yield return new StoredJourney { Key = new JourneyKey(definitionName, customer), Version = events.Count, Events = events };
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Gap-safe: every append takes the log's append lock (a transaction-scoped advisory lock) just before it inserts
    /// its events and keeps it until it commits, and the position identity is drawn only under that lock. A transaction
    /// becomes visible before it releases its locks, so the next writer draws larger positions only after the previous
    /// writer's events are visible: any snapshot that shows position <c>N</c> shows every committed position below
    /// <c>N</c>. Rolled-back appends leave gaps that are never filled.
    /// </remarks>
    public async ValueTask<IReadOnlyList<StoredEvent>> ReadSinceAsync(long position, int limit, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReadSinceAsyncCore(position, limit, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && PostgreSqlStoreErrors.Classify(ex) is { } typed && !ReferenceEquals(typed, ex))
        {
            throw typed;
        }
    }

    private async ValueTask<IReadOnlyList<StoredEvent>> ReadSinceAsyncCore(long position, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 100_000);
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(_sql.ReadSince, connection);
        command.Parameters.AddWithValue("p", position);
        command.Parameters.AddWithValue("n", limit);
        var page = new List<StoredEvent>(Math.Min(limit, 4096));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var customer = reader.GetString(2);
            page.Add(new StoredEvent { Position = reader.GetInt64(0), Key = new JourneyKey(reader.GetString(1), customer), Sequence = reader.GetInt64(3), Event = ReadEvent(reader, 4, customer) });
        }

        return page;
    }

    /// <inheritdoc />
    public async ValueTask<int> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await EraseCustomerAsyncCore(customerId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && PostgreSqlStoreErrors.Classify(ex) is { } typed && !ReferenceEquals(typed, ex))
        {
            throw typed;
        }
    }

    private async ValueTask<int> EraseCustomerAsyncCore(string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await EraseOnceAsync(customerId, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (attempt < _maxTransientRetries && ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                await Task.Delay(RetryBackoff.Delay(attempt + 4, MaxTransientDelay), cancellationToken).ConfigureAwait(false); // 0-8 ms first, doubling, capped
            }
        }
    }

    /// <summary>Disposes the data source when the store created it from a connection string.</summary>
    /// <returns>A task that completes when disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        _migrateGate.Dispose();
    }

    /// <summary>Disposes the data source when the store created it from a connection string (for containers disposed synchronously).</summary>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }

        _migrateGate.Dispose();
    }

    private async ValueTask EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        if (_migrated || !_migrateOnFirstUse)
        {
            return;
        }

        await _migrateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_migrated)
            {
                await MigrateAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _migrateGate.Release();
        }
    }

    private async Task<IReadOnlyList<AppendResult>> AppendOnceAsync(BatchPlan plan, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        var states = plan.NewStates();

        // 1. create the rows of new journeys (in key order) and lock every journey's row (in key order)
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            if (plan.Creatable.Count > 0)
            {
                var insert = new NpgsqlBatchCommand(_sql.InsertNewJourneys);
                insert.Parameters.Add(TextArray("d", plan.Creatable.Select(k => k.DefinitionName)));
                insert.Parameters.Add(TextArray("c", plan.Creatable.Select(k => k.CustomerId)));
                batch.BatchCommands.Add(insert);
            }

            var lockRows = new NpgsqlBatchCommand(_sql.LockJourneys);
            lockRows.Parameters.Add(TextArray("d", plan.Keys.Select(k => k.DefinitionName)));
            lockRows.Parameters.Add(TextArray("c", plan.Keys.Select(k => k.CustomerId)));
            batch.BatchCommands.Add(lockRows);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            do
            {
                if (reader.FieldCount != 4)
                {
                    continue; // the insert's (empty) result
                }

                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var state = states[new JourneyKey(reader.GetString(0), reader.GetString(1))];
                    state.Version = state.StoredVersion = reader.GetInt64(2);
                    state.Id = reader.GetInt64(3);
                    state.Exists = true;
                }
            }
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
        }

        // 2. the ids among this batch's events that the journeys already hold
        var candidates = plan.Candidates(states);
        if (candidates.Count > 0)
        {
            await using var command = new NpgsqlCommand(_sql.StoredIds, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<long[]>("j", candidates.Select(c => c.State.Id).ToArray()));
            command.Parameters.Add(TextArray("id", candidates.Select(c => c.EventId)));
            var byId = states.Values.Where(s => s.Exists).ToDictionary(s => s.Id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byId[reader.GetInt64(0)].Ids.Add(reader.GetString(1));
            }
        }

        // 3. decide each append in order, as the journeys stand now that they are locked
        var (results, rows) = plan.Decide(states);

        // 4. write the new events and move the versions on (guarded by the old version)
        if (rows.Count > 0)
        {
            // the log's append lock, held to the commit: positions are drawn in commit order, so the change feed never
            // sees a position before a smaller one becomes visible (taken after the journeys' row locks, so no cycle)
            await using (var lockLog = new NpgsqlCommand(_sql.LockLog, connection, transaction))
            {
                lockLog.Parameters.AddWithValue("schema", Schema);
                await lockLog.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (rows.Count >= CopyThreshold)
            {
                await CopyEventsAsync(connection, rows, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await InsertEventsAsync(connection, transaction, rows, cancellationToken).ConfigureAwait(false);
            }

            var moved = states.Values.Where(s => s.Version != s.StoredVersion).ToList();
            await using var update = new NpgsqlCommand(_sql.UpdateVersions, connection, transaction);
            update.Parameters.Add(new NpgsqlParameter<long[]>("j", moved.Select(s => s.Id).ToArray()));
            update.Parameters.Add(new NpgsqlParameter<long[]>("old", moved.Select(s => s.StoredVersion).ToArray()));
            update.Parameters.Add(new NpgsqlParameter<long[]>("v", moved.Select(s => s.Version).ToArray()));
            var updated = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (updated != moved.Count)
            {
                // cannot happen while the rows are locked; never commit a version that was not guarded
                throw new InvalidOperationException($"Moved {updated} of {moved.Count} journey versions: a journey changed under its lock. Nothing was written.");
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // nothing written but perhaps the rows of new journeys whose appends all conflicted: keep nothing
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    private async Task CopyEventsAsync(NpgsqlConnection connection, List<EventRow> rows, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(_sql.CopyEvents, cancellationToken).ConfigureAwait(false);

        // synchronous writes into the importer's buffer (it flushes when full): per-value async calls cost more than the I/O
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var e = row.Event;
            writer.StartRow();
            writer.Write(row.JourneyId, NpgsqlDbType.Bigint);
            writer.Write(row.Seq, NpgsqlDbType.Bigint);
            writer.Write(e.EventId, NpgsqlDbType.Text);
            writer.Write(e.Touchpoint, NpgsqlDbType.Text);
            writer.Write(e.OccurredAt.UtcTicks, NpgsqlDbType.Bigint);
            writer.Write((short)e.OccurredAt.TotalOffsetMinutes, NpgsqlDbType.Smallint);
            WriteNullable(writer, e.Channel, NpgsqlDbType.Text);
            if (e.Value is { } value)
            {
                writer.Write(value, NpgsqlDbType.Numeric);
            }
            else
            {
                writer.WriteNull();
            }

            WriteNullable(writer, e.Segment, NpgsqlDbType.Text);
            WriteNullable(writer, PropertiesJson.Write(e.Properties), NpgsqlDbType.Jsonb);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteNullable(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, type);
        }
    }

    private async Task InsertEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<EventRow> rows, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_sql.InsertEvents, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("j", rows.Select(r => r.JourneyId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("seq", rows.Select(r => r.Seq).ToArray()));
        command.Parameters.Add(TextArray("id", rows.Select(r => r.Event.EventId)));
        command.Parameters.Add(TextArray("tp", rows.Select(r => r.Event.Touchpoint)));
        command.Parameters.Add(new NpgsqlParameter<long[]>("ticks", rows.Select(r => r.Event.OccurredAt.UtcTicks).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<short[]>("off", rows.Select(r => (short)r.Event.OccurredAt.TotalOffsetMinutes).ToArray()));
        command.Parameters.Add(TextArray("ch", rows.Select(r => r.Event.Channel)));
        command.Parameters.Add(new NpgsqlParameter<decimal?[]>("val", rows.Select(r => r.Event.Value).ToArray()));
        command.Parameters.Add(TextArray("seg", rows.Select(r => r.Event.Segment)));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("props", rows.Select(r => PropertiesJson.Write(r.Event.Properties)).ToArray())
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
        });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> EraseOnceAsync(string customerId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

        // every id linked with the customer goes too: resolved and unlinked under the links' lock, so no link moves meanwhile
        var ids = await UnlinkGroupAsync(connection, transaction, customerId, cancellationToken).ConfigureAwait(false);

        // lock the customers' journeys in key order (as appends do), then delete them; the events are deleted by a later
        // statement, whose snapshot sees every event committed by appenders that held these locks before
        await using (var lockRows = new NpgsqlCommand(_sql.LockCustomer, connection, transaction))
        {
            lockRows.Parameters.Add(TextArray("c", ids));
            await lockRows.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var journeys = new List<long>();
        var erased = 0;
        await using (var delete = new NpgsqlCommand(_sql.DeleteJourneys, connection, transaction))
        {
            delete.Parameters.Add(TextArray("c", ids));
            await using var reader = await delete.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                journeys.Add(reader.GetInt64(0));
                if (reader.GetInt64(1) > 0)
                {
                    erased++;
                }
            }
        }

        if (journeys.Count > 0)
        {
            await using var deleteEvents = new NpgsqlCommand(_sql.DeleteEvents, connection, transaction);
            deleteEvents.Parameters.Add(new NpgsqlParameter<long[]>("ids", journeys.ToArray()));
            await deleteEvents.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var deleteDeliveries = new NpgsqlCommand(_sql.DeleteDeliveries, connection, transaction))
        {
            deleteDeliveries.Parameters.AddWithValue("c", customerId); // the delivery log keeps nothing of an erased customer
            await deleteDeliveries.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return erased;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string text, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(text, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter<string?[]> TextArray(string name, IEnumerable<string?> values) =>
        new(name, values.ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static TouchpointEvent ReadEvent(NpgsqlDataReader reader, int first, string customerId)
    {
        var ticks = reader.GetInt64(first + 2);
        var offset = TimeSpan.FromMinutes(reader.GetInt16(first + 3));
        return new TouchpointEvent(reader.GetString(first), customerId, reader.GetString(first + 1), new DateTimeOffset(ticks + offset.Ticks, offset))
        {
            Channel = reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4),
            Value = reader.IsDBNull(first + 5) ? null : reader.GetDecimal(first + 5),
            Segment = reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6),
            Properties = reader.IsDBNull(first + 7) ? null : PropertiesJson.Read(reader.GetString(first + 7)),
        };
    }

    private static void CheckKey(JourneyKey key)
    {
        if (key.DefinitionName is null || key.CustomerId is null)
        {
            throw new ArgumentException("A journey key needs a definition name and a customer id.", nameof(key));
        }
    }

    /// <summary>A batch checked and prepared before any I/O: its distinct journeys in lock order.</summary>
    private sealed class BatchPlan
    {
        private readonly IReadOnlyList<JourneyAppend> _appends;

        private BatchPlan(IReadOnlyList<JourneyAppend> appends, List<JourneyKey> keys, List<JourneyKey> creatable)
        {
            _appends = appends;
            Keys = keys;
            Creatable = creatable;
        }

        /// <summary>Every journey of the batch, in (definition, customer) ordinal order.</summary>
        public List<JourneyKey> Keys { get; }

        /// <summary>The journeys an append may create (expected version 0, with events), in key order.</summary>
        public List<JourneyKey> Creatable { get; }

        public static BatchPlan Create(IReadOnlyList<JourneyAppend> appends)
        {
            var keys = new HashSet<JourneyKey>();
            var creatable = new HashSet<JourneyKey>();
            for (var i = 0; i < appends.Count; i++)
            {
                var append = appends[i] ?? throw new ArgumentException($"Append {i} is null.", nameof(appends));
                CheckKey(append.Key);
                ArgumentNullException.ThrowIfNull(append.Events);
                foreach (var e in append.Events)
                {
                    if (e is null)
                    {
                        throw new ArgumentException($"An event of customer '{append.Key.CustomerId}' is null.", nameof(appends));
                    }

                    if (!string.Equals(e.CustomerId, append.Key.CustomerId, StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"Event '{e.EventId}' belongs to customer '{e.CustomerId}', not '{append.Key.CustomerId}'.", nameof(appends));
                    }

                    if (e.EventId is null || e.Touchpoint is null)
                    {
                        throw new ArgumentException($"An event of customer '{append.Key.CustomerId}' has no id or no touchpoint.", nameof(appends));
                    }
                }

                keys.Add(append.Key);
                if (append.ExpectedVersion == 0 && append.Events.Count > 0)
                {
                    creatable.Add(append.Key);
                }
            }

            return new BatchPlan(appends, Order(keys), Order(creatable));
        }

        public Dictionary<JourneyKey, JourneyState> NewStates() => Keys.ToDictionary(k => k, k => new JourneyState(k));

        /// <summary>The (journey, event id) pairs to look up: events of journeys that already hold events.</summary>
        public List<(JourneyState State, string EventId)> Candidates(Dictionary<JourneyKey, JourneyState> states)
        {
            var candidates = new List<(JourneyState, string)>();
            foreach (var append in _appends)
            {
                var state = states[append.Key];
                if (state.StoredVersion > 0)
                {
                    foreach (var e in append.Events)
                    {
                        candidates.Add((state, e.EventId));
                    }
                }
            }

            return candidates;
        }

        public (AppendResult[] Results, List<EventRow> Rows) Decide(Dictionary<JourneyKey, JourneyState> states)
        {
            var results = new AppendResult[_appends.Count];
            var rows = new List<EventRow>();
            for (var i = 0; i < _appends.Count; i++)
            {
                var append = _appends[i];
                var state = states[append.Key];
                if (append.ExpectedVersion != state.Version || (state.Version == 0 && !state.Exists && append.Events.Count > 0))
                {
                    // a missing row with events to write means another writer created the journey first and has not committed:
                    // its version will not be 0 any more
                    results[i] = new AppendResult { Status = AppendStatus.Conflict, Version = state.Version, Appended = 0 };
                    continue;
                }

                List<string>? duplicates = null;
                var appended = 0;
                foreach (var e in append.Events)
                {
                    if (state.Ids.Add(e.EventId))
                    {
                        rows.Add(new EventRow(state.Id, ++state.Version, e));
                        appended++;
                    }
                    else
                    {
                        (duplicates ??= []).Add(e.EventId);
                    }
                }

                results[i] = new AppendResult { Status = AppendStatus.Appended, Version = state.Version, Appended = appended, Duplicates = duplicates };
            }

            return (results, rows);
        }

        private static List<JourneyKey> Order(HashSet<JourneyKey> keys)
        {
            var list = keys.ToList();
            list.Sort(static (a, b) =>
            {
                var byDefinition = string.CompareOrdinal(a.DefinitionName, b.DefinitionName);
                return byDefinition != 0 ? byDefinition : string.CompareOrdinal(a.CustomerId, b.CustomerId);
            });
            return list;
        }
    }

    private sealed class JourneyState(JourneyKey key)
    {
        public JourneyKey Key { get; } = key;

        public long Id { get; set; }

        public long StoredVersion { get; set; }

        public long Version { get; set; }

        public bool Exists { get; set; }

        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);
    }

    private readonly record struct EventRow(long JourneyId, long Seq, TouchpointEvent Event);
}
