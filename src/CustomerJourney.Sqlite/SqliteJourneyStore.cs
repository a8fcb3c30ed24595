using System.Globalization;
using System.Runtime.CompilerServices;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Sqlite;

/// <summary>
/// An <see cref="IJourneyStore"/> in one SQLite database file: the embedded, durable default for one machine.
/// The schema is created and migrated on open; the file runs in WAL mode with <c>synchronous=FULL</c> by default, so an
/// acknowledged append survives a crash or power loss.
/// </summary>
/// <remarks>
/// <para>Every append runs in one <c>BEGIN IMMEDIATE</c> transaction: the journey's version is compared and set under the
/// write lock (the update is guarded by the expected version), its new events are inserted with contiguous sequence
/// numbers, and a unique index on (journey, event id) makes a re-sent event a duplicate, never a second row.
/// <see cref="AppendManyAsync"/> commits a whole batch over many journeys in one transaction: either every non-conflicting
/// append of the batch is durable or none is; a journey whose version conflicts is reported and nothing is written for it.</para>
/// <para>Thread-safe: every operation takes its own pooled connection. Several processes may share the file; writers
/// queue on SQLite's lock for up to <see cref="SqliteJourneyStoreOptions.BusyTimeout"/>.</para>
/// </remarks>
public sealed partial class SqliteJourneyStore : IJourneyStore, IAsyncDisposable, IDisposable
{
    internal const string LoadEventsSql = "SELECT event_id, touchpoint, occurred_at, offset_minutes, channel, value, segment, properties FROM events WHERE journey_id = $j ORDER BY position;";

    private const string ReadSinceSql =
        "SELECT e.position, j.definition, j.customer, e.seq, e.event_id, e.touchpoint, e.occurred_at, e.offset_minutes, e.channel, e.value, e.segment, e.properties "
        + "FROM events e JOIN journeys j ON j.id = e.journey_id WHERE e.position > $p ORDER BY e.position LIMIT $n;";

    private readonly string _connectionString;
    private readonly string _pragmas;
    private volatile bool _disposed;

    /// <summary>Opens (creating when missing) the database file at <paramref name="path"/> with default options.</summary>
    /// <param name="path">The database file.</param>
    public SqliteJourneyStore(string path)
        : this(new SqliteJourneyStoreOptions { Path = path })
    {
    }

    /// <summary>Opens (creating when missing) the database <paramref name="options"/> name and applies pending migrations.</summary>
    /// <param name="options">The file or connection string and tuning.</param>
    /// <exception cref="ArgumentException">Neither a path nor a connection string is given, or a setting is out of range.</exception>
    public SqliteJourneyStore(SqliteJourneyStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException("Invalid SQLite store options: " + string.Join(" ", errors), nameof(options));
        }

        var builder = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = options.Path, Mode = SqliteOpenMode.ReadWriteCreate }
            : new SqliteConnectionStringBuilder(options.ConnectionString);
        builder.Pooling = true;
        builder.DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        _connectionString = builder.ToString();
        _pragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA synchronous = {options.Synchronous.ToString().ToUpperInvariant()}; PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; "
            + $"PRAGMA cache_size = -{options.CacheSizeKiB}; PRAGMA wal_autocheckpoint = {options.WalAutoCheckpointPages}; PRAGMA journal_size_limit = {64 << 20};");

        MigrationsApplied = Translated(() =>
        {
            using var connection = Open();
            return SqliteSchema.Migrate(connection);
        });
    }

    /// <summary>
    /// Runs a store operation, turning SQLite's failures into the library's typed store errors
    /// (<see cref="JourneyStoreCorruptException"/>, <see cref="JourneyStoreUnavailableException"/>) with SQLite's
    /// exception inside; anything else (argument errors, cancellation) passes unchanged.
    /// </summary>
    private static T Translated<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (SqliteException ex) when (SqliteStoreErrors.Classify(ex) is { } typed)
        {
            throw typed;
        }
    }

    /// <summary>The schema version this store writes (the number of migrations it knows).</summary>
    public static int SchemaVersion => SqliteSchema.Latest;

    /// <summary>How many migrations opening this store applied (0 when the database was already up to date).</summary>
    public int MigrationsApplied { get; }

    /// <inheritdoc />
    public async ValueTask<StoredJourney?> LoadAsync(JourneyKey key, CancellationToken cancellationToken = default) =>
        (await LoadManyAsync([key], cancellationToken).ConfigureAwait(false))[0];

    /// <inheritdoc />
    /// <remarks>All the journeys are read on one connection, in one read transaction (one consistent snapshot).</remarks>
    public ValueTask<IReadOnlyList<StoredJourney?>> LoadManyAsync(IReadOnlyList<JourneyKey> keys, CancellationToken cancellationToken = default) =>
        Translated(() => LoadManyAsyncCore(keys, cancellationToken));

    private ValueTask<IReadOnlyList<StoredJourney?>> LoadManyAsyncCore(IReadOnlyList<JourneyKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        var results = new StoredJourney?[keys.Count];
        if (keys.Count == 0)
        {
            return ValueTask.FromResult<IReadOnlyList<StoredJourney?>>(results);
        }

        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        results = new EventRows().LoadMany(connection.Handle!, keys, cancellationToken);
        transaction.Commit();
        return ValueTask.FromResult<IReadOnlyList<StoredJourney?>>(results);
    }

    /// <inheritdoc />
    public ValueTask<AppendResult> AppendAsync(JourneyKey key, long expectedVersion, IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default) =>
        Translated(() => AppendAsyncCore(key, expectedVersion, events, cancellationToken));

    private ValueTask<AppendResult> AppendAsyncCore(JourneyKey key, long expectedVersion, IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        CheckCustomer(key, events);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var result = Writer.Apply(connection, transaction, [new JourneyAppend { Key = key, ExpectedVersion = expectedVersion, Events = events }], cancellationToken)[0];
        transaction.Commit();
        return ValueTask.FromResult(result);
    }

    /// <summary>
    /// Appends to many journeys in one transaction: each append is checked and applied as <see cref="AppendAsync"/> would
    /// (a conflicting journey is reported and nothing is written for it), and the whole batch commits at once, durably,
    /// or not at all (on an error or cancellation).
    /// </summary>
    /// <param name="appends">The appends; a journey may appear more than once (later appends see the earlier ones).</param>
    /// <param name="cancellationToken">Cancels the batch; nothing of it is written then.</param>
    /// <returns>One result per append, in order.</returns>
    public ValueTask<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<JourneyAppend> appends, CancellationToken cancellationToken = default) =>
        Translated(() => AppendManyAsyncCore(appends, cancellationToken));

    private ValueTask<IReadOnlyList<AppendResult>> AppendManyAsyncCore(IReadOnlyList<JourneyAppend> appends, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appends);
        for (var i = 0; i < appends.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(appends[i], nameof(appends));
            ArgumentNullException.ThrowIfNull(appends[i].Events, nameof(appends));
            CheckCustomer(appends[i].Key, appends[i].Events);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var results = new AppendResult[appends.Count];
        if (appends.Count == 0)
        {
            return ValueTask.FromResult<IReadOnlyList<AppendResult>>(results);
        }

        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        results = Writer.Apply(connection, transaction, appends, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        transaction.Commit();
        return ValueTask.FromResult<IReadOnlyList<AppendResult>>(results);
    }

    /// <summary>
    /// Streams every journey of a definition ordered by customer id (ordinal), one journey at a time, from one consistent
    /// snapshot of the database; memory holds one journey, not the whole definition.
    /// </summary>
    /// <param name="definitionName">The journey definition's name.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The journeys, ordered by customer id.</returns>
    public async IAsyncEnumerable<StoredJourney> ReadAllAsync(string definitionName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var journeys = ReadAllCoreAsync(definitionName, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (journeys.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await journeys.MoveNextAsync().ConfigureAwait(false);
                }
                catch (SqliteException ex) when (SqliteStoreErrors.Classify(ex) is { } typed)
                {
                    throw typed;
                }

                if (!more)
                {
                    yield break;
                }

                yield return journeys.Current;
            }
        }
    }

    private async IAsyncEnumerable<StoredJourney> ReadAllCoreAsync(string definitionName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definitionName);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        // journeys in customer order, then each journey's events through the (journey, event id) index in log order:
        // one small sort per journey instead of a sort of the whole definition
        if (HasLinks(connection, transaction))
        {
            foreach (var linked in ReadAllLinked(connection, transaction, definitionName, cancellationToken))
            {
                yield return linked;
            }

            yield break;
        }

        using var journeys = Command(connection, transaction, "SELECT id, customer, version FROM journeys WHERE definition = $d AND version > 0 ORDER BY customer;");
        journeys.Parameters.AddWithValue("$d", definitionName);
        using var eventsOf = Command(connection, transaction, LoadEventsSql);
        var journey = eventsOf.Parameters.Add("$j", SqliteType.Integer);
        using var reader = journeys.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var customer = reader.GetString(1);
            var version = reader.GetInt64(2);
            journey.Value = reader.GetInt64(0);
            var events = new List<TouchpointEvent>((int)Math.Min(version, 1 << 16));
            using (var rows = eventsOf.ExecuteReader())
            {
                while (rows.Read())
                {
                    events.Add(ReadEvent(rows, 0, customer));
                }
            }

            if (events.Count > 0)
            {
                yield return new StoredJourney { Key = new JourneyKey(definitionName, customer), Version = version, Events = events };
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Gap-safe by construction: SQLite admits one writer at a time, positions (the events' rowids) are allocated inside
    /// the writer's transaction, and a reader's snapshot holds either all of a transaction's events or none, so the
    /// positions a reader sees are allocated in commit order. Positions are never reused (<c>AUTOINCREMENT</c>).
    /// </remarks>
    public ValueTask<IReadOnlyList<StoredEvent>> ReadSinceAsync(long position, int limit, CancellationToken cancellationToken = default) =>
        Translated(() => ReadSinceAsyncCore(position, limit, cancellationToken));

    private ValueTask<IReadOnlyList<StoredEvent>> ReadSinceAsyncCore(long position, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 100_000);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var command = Command(connection, null, ReadSinceSql);
        command.Parameters.AddWithValue("$p", position);
        command.Parameters.AddWithValue("$n", limit);
        var page = new List<StoredEvent>(Math.Min(limit, 4096));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var customer = reader.GetString(2);
            page.Add(new StoredEvent { Position = reader.GetInt64(0), Key = new JourneyKey(reader.GetString(1), customer), Sequence = reader.GetInt64(3), Event = ReadEvent(reader, 4, customer) });
        }

        return ValueTask.FromResult<IReadOnlyList<StoredEvent>>(page);
    }

    /// <inheritdoc />
    public ValueTask<int> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default) =>
        Translated(() => EraseCustomerAsyncCore(customerId, cancellationToken));

    private ValueTask<int> EraseCustomerAsyncCore(string customerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);

        // every id linked with the customer goes too, with the links
        var ids = IdsJson(Resolve(connection, transaction, customerId).Ids);
        using var count = Command(connection, transaction, "SELECT count(*) FROM journeys WHERE customer IN (SELECT value FROM json_each($c)) AND version > 0;");
        count.Parameters.AddWithValue("$c", ids);
        var erased = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        using var delete = Command(
            connection,
            transaction,
            "DELETE FROM events WHERE journey_id IN (SELECT id FROM journeys WHERE customer IN (SELECT value FROM json_each($c))); "
            + "DELETE FROM journeys WHERE customer IN (SELECT value FROM json_each($c)); "
            + "DELETE FROM identity_links WHERE id IN (SELECT value FROM json_each($c)); "
            + "DELETE FROM deliveries WHERE customer IN (SELECT value FROM json_each($c)); "
            + "DELETE FROM delivery_timers WHERE customer IN (SELECT value FROM json_each($c));"); // the delivery log keeps nothing of an erased customer
        delete.Parameters.AddWithValue("$c", ids);
        delete.ExecuteNonQuery();
        transaction.Commit();
        return ValueTask.FromResult(erased);
    }

    /// <summary>Releases the pooled connections to the file (so that it can be moved or deleted).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Releases the pooled connections to the file (so that it can be moved or deleted).</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void CheckCustomer(JourneyKey key, IReadOnlyList<TouchpointEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new ArgumentException("The events must not contain null.", nameof(events));
            if (!string.Equals(e.CustomerId, key.CustomerId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Event '{e.EventId}' belongs to customer '{e.CustomerId}', not '{key.CustomerId}'.", nameof(events));
            }
        }
    }

    internal static TouchpointEvent ReadEvent(SqliteDataReader reader, int first, string customerId)
    {
        var offset = reader.GetInt64(first + 3);
        var utcTicks = reader.GetInt64(first + 2);
        var occurredAt = new DateTimeOffset(utcTicks + (offset * TimeSpan.TicksPerMinute), TimeSpan.FromMinutes(offset));
        return new TouchpointEvent(reader.GetString(first), customerId, reader.GetString(first + 1), occurredAt)
        {
            Channel = reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4),
            Value = reader.IsDBNull(first + 5) ? null : decimal.Parse(reader.GetString(first + 5), NumberStyles.Number, CultureInfo.InvariantCulture),
            Segment = reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6),
            Properties = reader.IsDBNull(first + 7) ? null : PropertiesJson.Read(reader.GetString(first + 7)),
        };
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    internal SqliteConnection Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = _pragmas;
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
