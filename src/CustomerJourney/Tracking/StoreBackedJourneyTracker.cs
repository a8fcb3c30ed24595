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
    private readonly ICache<string, Entry>? _cache;
    private int _linkEpoch; // moves on with every link this tracker makes

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
            var builder = new ConcurrentLruBuilder<string, Entry>()
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
    public IReadOnlyList<EventError> Validate(TouchpointEvent touchpointEvent) => _core.Validator.Check(touchpointEvent);

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
    /// <remarks>
    /// The link is kept by the store (<see cref="IJourneyStore.LinkAsync"/>); this tracker's cached journeys of both
    /// customers are dropped, so the next write or read folds the merged journey from the store.
    /// </remarks>
    public async ValueTask<LinkResult> LinkAsync(string id, string customerId, CancellationToken cancellationToken = default)
    {
        LinkedJourneys.CheckIds(id, customerId);
        if (!_core.Rules.IsValidId(id) || !_core.Rules.IsValidId(customerId))
        {
            throw new ArgumentException($"Linked ids must be 1 to {_core.Options.MaxIdLength} characters long.", nameof(id));
        }

        while (true)
        {
            var epoch = Volatile.Read(ref _linkEpoch);
            var groups = await _store.ResolveManyAsync([id, customerId], cancellationToken).ConfigureAwait(false);
            var gates = new[] { GateIndex(groups[0].CustomerId), GateIndex(groups[1].CustomerId) }.Distinct().Order().ToArray();
            var locked = 0;
            try
            {
                foreach (var index in gates)
                {
                    await _gates[index].WaitAsync(cancellationToken).ConfigureAwait(false);
                    locked++;
                }

                if (Volatile.Read(ref _linkEpoch) != epoch)
                {
                    continue; // another link of this tracker may have moved one of the ids meanwhile: resolve again
                }

                Interlocked.Increment(ref _linkEpoch); // writers that resolved an id before this link resolve it again
                var result = await _store.LinkAsync(id, customerId, cancellationToken).ConfigureAwait(false);
                foreach (var group in groups)
                {
                    _cache?.TryRemove(group.CustomerId);
                }

                _cache?.TryRemove(result.CustomerId);
                return result;
            }
            finally
            {
                for (var i = locked - 1; i >= 0; i--)
                {
                    _gates[gates[i]].Release();
                }
            }
        }
    }

    /// <summary>Drops a customer's cached journey, if any: the next write or read folds it from the store.</summary>
    internal void Forget(string customerId) => _cache?.TryRemove(customerId);

    /// <summary>The identity group of <paramref name="id"/> as the store keeps it.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The customer id <paramref name="id"/> resolves to and every id linked with it.</returns>
    public ValueTask<IdentityGroup> GetIdentityAsync(string id, CancellationToken cancellationToken = default) =>
        _store.ResolveAsync(Guard.NotNull(id), cancellationToken);

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
    /// tracking them one by one does. Events that carry <see cref="TouchpointEvent.AnonymousId"/> link it first, in the
    /// batch's order; the events of linked ids land on their customer's journey.
    /// </remarks>
    public async Task<IReadOnlyList<TrackResult>> TrackBatchAsync(IEnumerable<TouchpointEvent> events, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(events);
        var batch = (events as IReadOnlyList<TouchpointEvent> ?? events.ToList()).ToArray();
        var results = new TrackResult[batch.Length];
        var accepted = new List<(int Index, int Touchpoint)>();
        for (var i = 0; i < batch.Length; i++)
        {
            var e = Guard.NotNull(batch[i]);
            if (_core.Check(e, out var touchpoint) is { } rejected)
            {
                _core.Publish(rejected);
                results[i] = rejected;
                continue;
            }

            if (e.AnonymousId is { } anonymousId)
            {
                if (!string.Equals(anonymousId, e.CustomerId, StringComparison.Ordinal))
                {
                    await LinkAsync(anonymousId, e.CustomerId, cancellationToken).ConfigureAwait(false); // a conflict keeps the first link; the event still counts
                }

                batch[i] = e with { AnonymousId = null };
            }

            accepted.Add((i, touchpoint));
        }

        if (accepted.Count == 0)
        {
            return results;
        }

        while (true)
        {
            // the customer of every id, then its events grouped by customer (rewritten to the customer id)
            var epoch = Volatile.Read(ref _linkEpoch);
            var ids = accepted.Select(a => batch[a.Index].CustomerId).Distinct(StringComparer.Ordinal).ToArray();
            var resolved = await _store.ResolveManyAsync(ids, cancellationToken).ConfigureAwait(false);
            var groupOf = new Dictionary<string, IdentityGroup>(StringComparer.Ordinal);
            for (var i = 0; i < ids.Length; i++)
            {
                groupOf[ids[i]] = resolved[i];
            }

            var byCustomer = new Dictionary<string, Planned>(StringComparer.Ordinal);
            foreach (var (index, touchpoint) in accepted)
            {
                var group = groupOf[batch[index].CustomerId];
                if (!byCustomer.TryGetValue(group.CustomerId, out var planned))
                {
                    byCustomer[group.CustomerId] = planned = new Planned(group);
                }

                planned.Events.Add((index, touchpoint));
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

                if (Volatile.Read(ref _linkEpoch) != epoch)
                {
                    continue; // a link of this tracker may have moved an id meanwhile: resolve again
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

                return results;
            }
            finally
            {
                for (var i = locked - 1; i >= 0; i--)
                {
                    _gates[gates[i]].Release();
                }
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<Journey?> GetJourneyAsync(string customerId, CancellationToken cancellationToken = default) =>
        GetJourneyAsync(customerId, _core.Options.ReadConsistency, cancellationToken);

    /// <inheritdoc />
    /// <remarks>An id linked to a customer reads the customer's journey: every linked id's events, merged.</remarks>
    public async ValueTask<Journey?> GetJourneyAsync(string customerId, ReadConsistency consistency, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(customerId);
        if (consistency == ReadConsistency.Cached && _cache is not null)
        {
            var gate = _gates[GateIndex(customerId)];
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // a customer id's own entry answers without the store; a linked id needs its customer id first
                if (_cache.TryGet(customerId, out var cached) && string.Equals(cached.Group.CustomerId, customerId, StringComparison.Ordinal))
                {
                    return cached.Journey.Snapshot();
                }
            }
            finally
            {
                gate.Release();
            }
        }

        var group = await _store.ResolveAsync(customerId, cancellationToken).ConfigureAwait(false);
        if (consistency == ReadConsistency.Cached && _cache is not null && _cache.TryGet(group.CustomerId, out var entry) && entry.Group.Equals(group))
        {
            var gate = _gates[GateIndex(group.CustomerId)];
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return entry.Journey.Snapshot();
            }
            finally
            {
                gate.Release();
            }
        }

        var loaded = (await LoadManyAsync([group], cancellationToken).ConfigureAwait(false))[0];
        if (_cache is not null && _cache.TryGet(group.CustomerId, out var older) && (older.Version != loaded.Version || !older.Group.Equals(group)))
        {
            _cache.TryRemove(group.CustomerId); // stale: the next write reloads it
        }

        return loaded.Journey.TouchCount == 0 ? null : loaded.Journey;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Erases every journey of the customer in the store (every definition), with every id linked with it, and drops them
    /// from this tracker's cache.
    /// </remarks>
    public async ValueTask<bool> EraseAsync(string customerId, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(customerId);
        var group = await _store.ResolveAsync(customerId, cancellationToken).ConfigureAwait(false);
        var gate = _gates[GateIndex(group.CustomerId)];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var id in group.Ids)
            {
                _cache?.TryRemove(id);
            }

            return await _store.EraseCustomerAsync(customerId, cancellationToken).ConfigureAwait(false) > 0;
        }
        finally
        {
            gate.Release();
        }
    }

    private async ValueTask<TrackResult> TrackValidAsync(TouchpointEvent e, int touchpoint, CancellationToken cancellationToken)
    {
        if (e.AnonymousId is { } anonymousId)
        {
            if (!string.Equals(anonymousId, e.CustomerId, StringComparison.Ordinal))
            {
                await LinkAsync(anonymousId, e.CustomerId, cancellationToken).ConfigureAwait(false); // a conflict keeps the first link; the event still counts
            }

            e = e with { AnonymousId = null };
        }

        using var activity = JourneyTelemetry.ActivitySource.StartActivity("customerjourney.track", ActivityKind.Internal);
        activity?.SetTag("customerjourney.journey", _core.DefinitionName);
        // the id's group is resolved once per event (and again only after a link of this tracker): a conflict retries with
        // the load and the append alone, as cheap as without links
        IdentityGroup? group = null;
        var epoch = 0;
        for (var attempt = 1; attempt <= _core.Options.MaxConflictRetries; attempt++)
        {
            await Task.Delay(_core.RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
            if (group is null || Volatile.Read(ref _linkEpoch) != epoch)
            {
                epoch = Volatile.Read(ref _linkEpoch);
                group = await _store.ResolveAsync(e.CustomerId, cancellationToken).ConfigureAwait(false);
            }

            var customer = group.CustomerId;
            var gate = _gates[GateIndex(customer)];
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Volatile.Read(ref _linkEpoch) != epoch)
                {
                    attempt--; // a link of this tracker may have moved the id meanwhile: resolve again (not a conflict)
                    group = null;
                    continue;
                }

                var stored = string.Equals(customer, e.CustomerId, StringComparison.Ordinal) ? e : e with { CustomerId = customer };
                var entry = await GetOrLoadAsync(group, cancellationToken).ConfigureAwait(false);
                var decision = _core.Decide(entry.Journey, stored, touchpoint);
                if (!decision.Result.IsRecorded)
                {
                    _core.Publish(decision, e.OccurredAt);
                    return decision.Result;
                }

                AppendResult appended;
                try
                {
                    appended = await _store.AppendAsync(Key(customer), entry.Version, [stored], cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    _cache?.TryRemove(customer); // the journey holds an event the store may not have: drop it
                    throw;
                }

                if (appended.Status == AppendStatus.Conflict || appended.Appended != 1)
                {
                    _cache?.TryRemove(customer); // stale: reload from the store and decide again
                    continue;
                }

                entry.Version = appended.Version;
                _cache?.AddOrUpdate(customer, entry);
                _core.Publish(decision, e.OccurredAt);
                return decision.Result;
            }
            finally
            {
                gate.Release();
            }
        }

        throw new JourneyConcurrencyException(e.CustomerId, _core.Options.MaxConflictRetries);
    }

    /// <summary>One append round over <paramref name="customers"/>; returns the customers whose append conflicted.</summary>
    private async Task<List<string>> AppendRoundAsync(
        TouchpointEvent[] batch,
        Dictionary<string, Planned> byCustomer,
        List<string> customers,
        TrackResult[] results,
        CancellationToken cancellationToken)
    {
        var entries = await GetOrLoadManyAsync(customers.Select(c => byCustomer[c].Group).ToList(), cancellationToken).ConfigureAwait(false);
        var appends = new List<JourneyAppend>(customers.Count);
        var plans = new List<(string Customer, Entry Entry, List<(int Index, TrackingCore.Decision Decision)> Decided)>(customers.Count);
        for (var c = 0; c < customers.Count; c++)
        {
            var customer = customers[c];
            var entry = entries[c];
            var decided = new List<(int Index, TrackingCore.Decision Decision)>();
            var recorded = new List<TouchpointEvent>();
            foreach (var (index, touchpoint) in byCustomer[customer].Events)
            {
                var e = batch[index];
                var stored = string.Equals(customer, e.CustomerId, StringComparison.Ordinal) ? e : e with { CustomerId = customer };
                var decision = _core.Decide(entry.Journey, stored, touchpoint);
                decided.Add((index, decision));
                if (decision.Result.IsRecorded)
                {
                    recorded.Add(stored);
                }
            }

            if (recorded.Count > 0)
            {
                appends.Add(new JourneyAppend { Key = Key(customer), ExpectedVersion = entry.Version, Events = recorded });
            }

            plans.Add((customer, entry, decided));
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
        foreach (var (customer, entry, decided) in plans)
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

                entry.Version = result.Version;
                _cache?.AddOrUpdate(customer, entry);
            }

            foreach (var (index, decision) in decided)
            {
                results[index] = decision.Result;
                _core.Publish(decision, batch[index].OccurredAt);
            }
        }

        return conflicts;
    }

    /// <summary>A customer's journey to write to: the cached one (when it holds the same ids), or folded from the store (see <see cref="Cached"/>).</summary>
    private async ValueTask<Entry> GetOrLoadAsync(IdentityGroup group, CancellationToken cancellationToken)
    {
        if (_cache is not null && _cache.TryGet(group.CustomerId, out var cached) && cached.Group.Equals(group))
        {
            return cached;
        }

        return Cached((await LoadManyAsync([group], cancellationToken).ConfigureAwait(false))[0]);
    }

    /// <summary>
    /// Caches an entry loaded to decide an event when the store holds a journey for it, even if the event turns out to record
    /// nothing (a batch of re-sent events would otherwise reload every journey on every batch); an unknown customer is cached
    /// only once something is written for it.
    /// </summary>
    private Entry Cached(Entry entry)
    {
        if (entry.Journey.TouchCount > 0)
        {
            _cache?.AddOrUpdate(entry.Group.CustomerId, entry);
        }

        return entry;
    }

    /// <summary>The journeys of <paramref name="groups"/>: cached ones, and the rest with one <see cref="IJourneyStore.LoadManyAsync"/>.</summary>
    private async ValueTask<Entry[]> GetOrLoadManyAsync(List<IdentityGroup> groups, CancellationToken cancellationToken)
    {
        var entries = new Entry[groups.Count];
        var missing = new List<int>();
        for (var i = 0; i < groups.Count; i++)
        {
            if (_cache is not null && _cache.TryGet(groups[i].CustomerId, out var cached) && cached.Group.Equals(groups[i]))
            {
                entries[i] = cached;
            }
            else
            {
                missing.Add(i);
            }
        }

        if (missing.Count == 0)
        {
            return entries;
        }

        var loaded = await LoadManyAsync(missing.Select(i => groups[i]).ToList(), cancellationToken).ConfigureAwait(false);
        for (var k = 0; k < missing.Count; k++)
        {
            entries[missing[k]] = Cached(loaded[k]);
        }

        return entries;
    }

    /// <summary>
    /// Folds the journeys of <paramref name="groups"/> from the store in one <see cref="IJourneyStore.LoadManyAsync"/>:
    /// each group's customer journey merged with those of its linked ids; the version to append at is the customer id's own.
    /// </summary>
    private async ValueTask<Entry[]> LoadManyAsync(IReadOnlyList<IdentityGroup> groups, CancellationToken cancellationToken)
    {
        var keys = new List<JourneyKey>();
        foreach (var group in groups)
        {
            keys.Add(Key(group.CustomerId)); // the customer's own journey first: its copy of an event wins
            foreach (var id in group.Ids)
            {
                if (!string.Equals(id, group.CustomerId, StringComparison.Ordinal))
                {
                    keys.Add(Key(id));
                }
            }
        }

        var stored = await _store.LoadManyAsync(keys, cancellationToken).ConfigureAwait(false);
        var entries = new Entry[groups.Count];
        var next = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var own = stored[next];
            var version = own?.Version ?? 0;
            IEnumerable<TouchpointEvent> events;
            if (group.Ids.Count == 1)
            {
                events = own?.Events ?? [];
            }
            else
            {
                var members = new StoredJourney?[group.Ids.Count];
                for (var m = 0; m < members.Length; m++)
                {
                    members[m] = stored[next + m];
                }

                events = LinkedJourneys.Merge(Key(group.CustomerId), members)?.Events ?? [];
            }

            next += group.Ids.Count;
            entries[g] = new Entry(JourneyFolder.Fold(_engine, group.CustomerId, events), version, group);
        }

        return entries;
    }

    private JourneyKey Key(string customerId) => new(_core.DefinitionName, customerId);

    private int GateIndex(string customerId) => customerId.GetHashCode() & (_gates.Length - 1);

    /// <summary>A customer's journey as this tracker holds it: folded from the customer's and linked ids' events, with the version of the customer's own stream (the next append's expected version).</summary>
    private sealed class Entry(Journey journey, long version, IdentityGroup group)
    {
        public Journey Journey { get; } = journey;

        public long Version { get; set; } = version;

        public IdentityGroup Group { get; } = group;
    }

    /// <summary>A batch's events of one customer.</summary>
    private sealed class Planned(IdentityGroup group)
    {
        public IdentityGroup Group { get; } = group;

        public List<(int Index, int Touchpoint)> Events { get; } = [];
    }
}
