using System.Diagnostics;
using System.Runtime.CompilerServices;
using BitFaster.Caching;
using BitFaster.Caching.Lru;
using CustomerJourney.Diagnostics;
using CustomerJourney.Engine;
using CustomerJourney.Internal;
using CustomerJourney.Storage;

namespace CustomerJourney.Tracking;

/// <summary>
/// Applies touchpoint events to customers' journeys on one definition, with an <see cref="IJourneyStore"/> as the
/// truth: every accepted event is appended with optimistic concurrency before it counts, and memory holds only a
/// bounded cache of recently written journeys (<see cref="JourneyTrackerOptions.CacheCapacity"/>, least recently used
/// evicted; evicting loses nothing). What host applications use: several instances over one store agree, and memory
/// stays flat however many customers pass through. Calls for one customer are serialised within an instance; other
/// instances are reconciled by the store's version check (a stale write conflicts, reloads and decides again).
/// </summary>
/// <remarks>
/// Reads: <see cref="ReadConsistency.Latest"/> (the default) loads the journey from the store, so another instance's
/// append is visible; <see cref="ReadConsistency.Cached"/> answers from the cache when the journey is there. A read
/// never adds to the cache, and an unknown customer leaves nothing behind.
/// </remarks>
public sealed class StoreBackedJourneyTracker : IJourneyTracker
{
    private readonly TrackingCore _core;
    private readonly JourneyEngine _engine;
    private readonly IJourneyStore _store;
    private readonly SemaphoreSlim[] _gates;
    private readonly ICache<string, Journey>? _cache;

    /// <summary>Creates a tracker over a store.</summary>
    /// <param name="engine">The compiled journey definition.</param>
    /// <param name="store">Where journeys live; the caller keeps ownership (the tracker never disposes it).</param>
    /// <param name="options">Limits, policies and the cache size; defaults when <see langword="null"/>. Validated and copied.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message names every one).</exception>
    public StoreBackedJourneyTracker(JourneyEngine engine, IJourneyStore store, JourneyTrackerOptions? options = null, TimeProvider? timeProvider = null)
    {
        _engine = Guard.NotNull(engine);
        _store = Guard.NotNull(store);
        _core = new TrackingCore(engine, options, timeProvider);
        var shards = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_core.Options.Shards);
        _gates = new SemaphoreSlim[shards];
        for (var i = 0; i < shards; i++)
        {
            _gates[i] = new SemaphoreSlim(1, 1);
        }

        if (_core.Options.CacheCapacity > 0)
        {
            var builder = new ConcurrentLruBuilder<string, Journey>()
                .WithCapacity(_core.Options.CacheCapacity)
                .WithKeyComparer(StringComparer.Ordinal);
            if (_core.Options.CacheIdleTime is { } idle)
            {
                builder = builder.WithExpireAfterAccess(idle);
            }

            _cache = builder.Build();
        }
    }

    /// <inheritdoc />
    public JourneyEngine Engine => _engine;

    /// <summary>The store: the truth about every journey.</summary>
    public IJourneyStore Store => _store;

    /// <inheritdoc />
    public TouchpointEventValidator Validator => _core.Validator;

    /// <summary>The number of journeys in the cache (at most <see cref="JourneyTrackerOptions.CacheCapacity"/>).</summary>
    public int CachedCount => _cache?.Count ?? 0;

    /// <inheritdoc />
    public ValueTask<TrackResult> TrackAsync(TouchpointEvent touchpointEvent, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(touchpointEvent);
        if (_core.Check(touchpointEvent, out var touchpoint) is { } rejected)
        {
            _core.Publish(rejected);
            return ValueTask.FromResult(rejected);
        }

        return TrackValidAsync(touchpointEvent, touchpoint, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TrackResult> TrackAsync(IAsyncEnumerable<TouchpointEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.NotNull(events);
        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return await TrackAsync(e, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The batch's accepted events are written with one <see cref="IJourneyStore.AppendManyAsync"/> call (one
    /// transaction in the durable stores); journeys whose append conflicts with another writer are reloaded and their
    /// events decided again. Each event is decided on its journey as the batch's earlier events left it, exactly as
    /// tracking them one by one does.
    /// </remarks>
    public async Task<IReadOnlyList<TrackResult>> TrackBatchAsync(IEnumerable<TouchpointEvent> events, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(events);
        var batch = events as IReadOnlyList<TouchpointEvent> ?? events.ToList();
        var results = new TrackResult[batch.Count];
        var byCustomer = new Dictionary<string, List<(int Index, int Touchpoint)>>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var e = Guard.NotNull(batch[i]);
            if (_core.Check(e, out var touchpoint) is { } rejected)
            {
                _core.Publish(rejected);
                results[i] = rejected;
                continue;
            }

            if (!byCustomer.TryGetValue(e.CustomerId, out var list))
            {
                byCustomer[e.CustomerId] = list = [];
            }

            list.Add((i, touchpoint));
        }

        if (byCustomer.Count == 0)
        {
            return results;
        }

        // lock every shard involved, in index order so that concurrent batches cannot deadlock
        var gates = byCustomer.Keys.Select(GateIndex).Distinct().Order().ToArray();
        var locked = 0;
        try
        {
            foreach (var index in gates)
            {
                await _gates[index].WaitAsync(cancellationToken).ConfigureAwait(false);
                locked++;
            }

            var pending = byCustomer.Keys.ToList();
            for (var attempt = 1; pending.Count > 0; attempt++)
            {
                if (attempt > _core.Options.MaxConflictRetries)
                {
                    throw new JourneyConcurrencyException(pending[0], _core.Options.MaxConflictRetries);
                }

                await Task.Delay(_core.RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
                pending = await AppendRoundAsync(batch, byCustomer, pending, results, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            for (var i = locked - 1; i >= 0; i--)
            {
                _gates[gates[i]].Release();
            }
        }

        return results;
    }

    /// <inheritdoc />
    public ValueTask<Journey?> GetJourneyAsync(string customerId, CancellationToken cancellationToken = default) =>
        GetJourneyAsync(customerId, _core.Options.ReadConsistency, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<Journey?> GetJourneyAsync(string customerId, ReadConsistency consistency, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(customerId);
        if (consistency == ReadConsistency.Cached && _cache is not null)
        {
            var gate = _gates[GateIndex(customerId)];
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_cache.TryGet(customerId, out var cached))
                {
                    return cached.Snapshot();
                }
            }
            finally
            {
                gate.Release();
            }
        }

        var stored = await _store.LoadAsync(Key(customerId), cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var journey = JourneyFolder.Fold(_engine, customerId, stored.Events);
        if (_cache is not null && _cache.TryGet(customerId, out var older) && older.Version != journey.Version)
        {
            _cache.TryRemove(customerId); // stale: the next write reloads it
        }

        return journey.TouchCount == 0 ? null : journey;
    }

    /// <inheritdoc />
    /// <remarks>Erases every journey of the customer in the store (every definition) and drops it from this tracker's cache.</remarks>
    public async ValueTask<bool> EraseAsync(string customerId, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(customerId);
        var gate = _gates[GateIndex(customerId)];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _cache?.TryRemove(customerId);
            return await _store.EraseCustomerAsync(customerId, cancellationToken).ConfigureAwait(false) > 0;
        }
        finally
        {
            gate.Release();
        }
    }

    private async ValueTask<TrackResult> TrackValidAsync(TouchpointEvent e, int touchpoint, CancellationToken cancellationToken)
    {
        var gate = _gates[GateIndex(e.CustomerId)];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var activity = JourneyTelemetry.ActivitySource.StartActivity("customerjourney.track", ActivityKind.Internal);
            activity?.SetTag("customerjourney.journey", _core.DefinitionName);
            var one = new[] { e };
            for (var attempt = 1; attempt <= _core.Options.MaxConflictRetries; attempt++)
            {
                await Task.Delay(_core.RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
                var journey = await GetOrLoadAsync(e.CustomerId, cancellationToken).ConfigureAwait(false);
                var expected = journey.StoredVersion; // touches plus applied inactivity markers
                var decision = _core.Decide(journey, e, touchpoint);
                if (!decision.Result.IsRecorded)
                {
                    _core.Publish(decision, e.OccurredAt);
                    return decision.Result;
                }

                AppendResult appended;
                try
                {
                    appended = await _store.AppendAsync(Key(e.CustomerId), expected, one, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    _cache?.TryRemove(e.CustomerId); // the journey holds an event the store may not have: drop it
                    throw;
                }

                if (appended.Status == AppendStatus.Conflict || appended.Appended != 1)
                {
                    _cache?.TryRemove(e.CustomerId); // stale: reload from the store and decide again
                    continue;
                }

                _cache?.AddOrUpdate(e.CustomerId, journey);
                _core.Publish(decision, e.OccurredAt);
                return decision.Result;
            }

            throw new JourneyConcurrencyException(e.CustomerId, _core.Options.MaxConflictRetries);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>One append round over <paramref name="customers"/>; returns the customers whose append conflicted.</summary>
    private async Task<List<string>> AppendRoundAsync(
        IReadOnlyList<TouchpointEvent> batch,
        Dictionary<string, List<(int Index, int Touchpoint)>> byCustomer,
        List<string> customers,
        TrackResult[] results,
        CancellationToken cancellationToken)
    {
        var journeys = await GetOrLoadManyAsync(customers, cancellationToken).ConfigureAwait(false);
        var appends = new List<JourneyAppend>(customers.Count);
        var plans = new List<(string Customer, Journey Journey, List<(int Index, TrackingCore.Decision Decision)> Decided)>(customers.Count);
        for (var c = 0; c < customers.Count; c++)
        {
            var customer = customers[c];
            var journey = journeys[c];
            var expected = journey.StoredVersion; // touches plus applied inactivity markers
            var decided = new List<(int Index, TrackingCore.Decision Decision)>();
            var recorded = new List<TouchpointEvent>();
            foreach (var (index, touchpoint) in byCustomer[customer])
            {
                var decision = _core.Decide(journey, batch[index], touchpoint);
                decided.Add((index, decision));
                if (decision.Result.IsRecorded)
                {
                    recorded.Add(batch[index]);
                }
            }

            if (recorded.Count > 0)
            {
                appends.Add(new JourneyAppend(Key(customer), expected, recorded));
            }

            plans.Add((customer, journey, decided));
        }

        IReadOnlyList<AppendResult> appended;
        try
        {
            appended = appends.Count == 0 ? [] : await _store.AppendManyAsync(appends, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            foreach (var (customer, _, _) in plans)
            {
                _cache?.TryRemove(customer); // these journeys may hold events the store does not have
            }

            throw;
        }

        var conflicts = new List<string>();
        var next = 0;
        foreach (var (customer, journey, decided) in plans)
        {
            if (decided.Any(d => d.Decision.Result.IsRecorded))
            {
                var result = appended[next];
                var count = appends[next].Events.Count;
                next++;
                if (result.Status == AppendStatus.Conflict || result.Appended != count)
                {
                    // another writer got there first (or already held some of these events): reload and decide again
                    _cache?.TryRemove(customer);
                    conflicts.Add(customer);
                    continue;
                }

                _cache?.AddOrUpdate(customer, journey);
            }

            foreach (var (index, decision) in decided)
            {
                results[index] = decision.Result;
                _core.Publish(decision, batch[index].OccurredAt);
            }
        }

        return conflicts;
    }

    /// <summary>A customer's journey to write to: the cached one, or folded from the store (not cached until written).</summary>
    private async ValueTask<Journey> GetOrLoadAsync(string customerId, CancellationToken cancellationToken)
    {
        if (_cache is not null && _cache.TryGet(customerId, out var cached))
        {
            return cached;
        }

        var stored = await _store.LoadAsync(Key(customerId), cancellationToken).ConfigureAwait(false);
        return stored is null ? new Journey(_engine, customerId) : JourneyFolder.Fold(_engine, customerId, stored.Events);
    }

    /// <summary>The journeys of <paramref name="customers"/>: cached ones, and the rest with one <see cref="IJourneyStore.LoadManyAsync"/>.</summary>
    private async ValueTask<Journey[]> GetOrLoadManyAsync(List<string> customers, CancellationToken cancellationToken)
    {
        var journeys = new Journey[customers.Count];
        var missing = new List<int>();
        for (var i = 0; i < customers.Count; i++)
        {
            if (_cache is not null && _cache.TryGet(customers[i], out var cached))
            {
                journeys[i] = cached;
            }
            else
            {
                missing.Add(i);
            }
        }

        if (missing.Count == 0)
        {
            return journeys;
        }

        var stored = await _store.LoadManyAsync(missing.Select(i => Key(customers[i])).ToArray(), cancellationToken).ConfigureAwait(false);
        for (var k = 0; k < missing.Count; k++)
        {
            var customer = customers[missing[k]];
            journeys[missing[k]] = stored[k] is { } found ? JourneyFolder.Fold(_engine, customer, found.Events) : new Journey(_engine, customer);
        }

        return journeys;
    }

    private JourneyKey Key(string customerId) => new(_core.DefinitionName, customerId);

    private int GateIndex(string customerId) => customerId.GetHashCode() & (_gates.Length - 1);
}
