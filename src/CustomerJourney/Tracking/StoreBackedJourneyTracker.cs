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
    private Batch? _spare; // a batch's arrays, kept for the next call

    /// <summary>Batches with at least this many events decide their customers' events on several threads.</summary>
    private const int ParallelDecideMinEvents = 20_000;

    /// <summary>Loads of at least this many journeys fold them on several threads.</summary>
    private const int ParallelFoldMinJourneys = 2_000;

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
    /// batch's order; the events of linked ids land on their customer's journey. A batch of 20,000 events or more decides
    /// different customers' events on several threads (so guards may run concurrently, as they do for concurrent calls).
    /// </remarks>
    public async Task<IReadOnlyList<TrackResult>> TrackBatchAsync(IEnumerable<TouchpointEvent> events, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(events);
        var source = events as IReadOnlyList<TouchpointEvent> ?? events.ToList();
        var batch = (Interlocked.Exchange(ref _spare, null) ?? new Batch()).Reset(source.Count);
        try
        {
            return await TrackBatchAsync(source, batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            batch.Clear();
            Interlocked.CompareExchange(ref _spare, batch, null); // kept for the next batch (one spare per tracker)
        }
    }

    private async Task<IReadOnlyList<TrackResult>> TrackBatchAsync(IReadOnlyList<TouchpointEvent> source, Batch batch, CancellationToken cancellationToken)
    {
        var results = new TrackResult[source.Count];
        for (var i = 0; i < source.Count; i++)
        {
            var e = Guard.NotNull(source[i], "events[i]");
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

                e = e with { AnonymousId = null };
            }

            batch.Accept(i, touchpoint, e);
        }

        if (batch.Count == 0)
        {
            return results;
        }

        while (true)
        {
            // the customer of every id, then the events grouped by customer (rewritten to the customer id)
            var epoch = Volatile.Read(ref _linkEpoch);
            var ids = batch.DistinctIds();
            var resolved = await _store.ResolveManyAsync(ids, cancellationToken).ConfigureAwait(false);
            batch.GroupByCustomer(resolved);

            // lock every shard involved, in index order so that concurrent batches cannot deadlock
            var involved = new bool[_gates.Length];
            foreach (var group in batch.Groups)
            {
                involved[GateIndex(group.CustomerId)] = true;
            }

            var locked = new List<int>();
            try
            {
                for (var index = 0; index < involved.Length; index++)
                {
                    if (involved[index])
                    {
                        await _gates[index].WaitAsync(cancellationToken).ConfigureAwait(false);
                        locked.Add(index);
                    }
                }

                if (Volatile.Read(ref _linkEpoch) != epoch)
                {
                    continue; // a link of this tracker may have moved an id meanwhile: resolve again
                }

                var pending = new int[batch.Groups.Count];
                for (var c = 0; c < pending.Length; c++)
                {
                    pending[c] = c;
                }

                for (var attempt = 1; pending.Length > 0; attempt++)
                {
                    if (attempt > _core.Options.MaxConflictRetries)
                    {
                        throw new JourneyConcurrencyException(batch.Groups[pending[0]].CustomerId, _core.Options.MaxConflictRetries);
                    }

                    await Task.Delay(_core.RetryDelay(attempt), cancellationToken).ConfigureAwait(false);
                    pending = await AppendRoundAsync(batch, pending, results, cancellationToken).ConfigureAwait(false);
                }

                return results;
            }
            finally
            {
                for (var i = locked.Count - 1; i >= 0; i--)
                {
                    _gates[locked[i]].Release();
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

    /// <summary>
    /// One append round over the batch's customers <paramref name="pending"/> (indexes into <see cref="Batch.Groups"/>):
    /// decides their events, appends what was recorded in one <see cref="IJourneyStore.AppendManyAsync"/>, and publishes what
    /// committed. Returns the customers whose append conflicted. Works over the batch's flat arrays: nothing is allocated per
    /// event, and per customer only its append.
    /// </summary>
    private async Task<int[]> AppendRoundAsync(Batch batch, int[] pending, TrackResult[] results, CancellationToken cancellationToken)
    {
        var groups = new List<IdentityGroup>(pending.Length);
        foreach (var c in pending)
        {
            groups.Add(batch.Groups[c]);
        }

        var entries = await GetOrLoadManyAsync(groups, cancellationToken).ConfigureAwait(false);
        // each customer's recorded events go to its own run of this array (from Start[c]), so customers can be decided in parallel
        var recorded = new TouchpointEvent[batch.Count];
        var recordedCounts = new int[pending.Length];
        // journeys of different customers are independent: a big batch's decisions spread over the cores (what one-by-one
        // tracking of different customers does too), each customer's events still in batch order
        ForRanges(pending.Length, batch.Count >= ParallelDecideMinEvents, (from, to) => DecideRange(batch, pending, entries, results, recorded, recordedCounts, from, to), cancellationToken);

        var appends = new List<JourneyAppend>(pending.Length);
        var appendOf = new int[pending.Length];
        for (var p = 0; p < pending.Length; p++)
        {
            appendOf[p] = -1;
            if (recordedCounts[p] > 0)
            {
                var c = pending[p];
                appendOf[p] = appends.Count;
                appends.Add(new JourneyAppend { Key = Key(batch.Groups[c].CustomerId), ExpectedVersion = entries[p].Version, Events = new ArraySegment<TouchpointEvent>(recorded, batch.Start[c], recordedCounts[p]) });
            }
        }

        IReadOnlyList<AppendResult> appended;
        try
        {
            appended = appends.Count == 0 ? [] : await _store.AppendManyAsync(appends, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            foreach (var c in pending)
            {
                _cache?.TryRemove(batch.Groups[c].CustomerId); // these journeys may hold events the store does not have
            }

            throw;
        }

        var conflicts = new List<int>();
        for (var p = 0; p < pending.Length; p++)
        {
            var c = pending[p];
            var customer = batch.Groups[c].CustomerId;
            if (appendOf[p] >= 0)
            {
                var result = appended[appendOf[p]];
                if (result.Status == AppendStatus.Conflict || result.Appended != appends[appendOf[p]].Events.Count)
                {
                    // another writer got there first (or already held some of these events): reload and decide again
                    _cache?.TryRemove(customer);
                    conflicts.Add(c);
                    continue;
                }

                entries[p].Version = result.Version;
                _cache?.AddOrUpdate(customer, entries[p]);
            }

            for (var j = batch.Start[c]; j < batch.Start[c + 1]; j++)
            {
                var k = batch.Order[j];
                _core.Publish(batch.Left(k, results[batch.Indexes[k]]), batch.Events[k].OccurredAt);
            }
        }

        return [.. conflicts];
    }

    /// <summary>
    /// Decides the events of customers <c>pending[from..to]</c> on their journeys, in batch order per customer: results go to
    /// <paramref name="results"/>, recorded events to the customer's run of <paramref name="recorded"/> (from its
    /// <see cref="Batch.Start"/>), and their number to <paramref name="recordedCounts"/>.
    /// </summary>
    private void DecideRange(Batch batch, int[] pending, Entry[] entries, TrackResult[] results, TouchpointEvent[] recorded, int[] recordedCounts, int from, int to)
    {
        for (var p = from; p < to; p++)
        {
            var c = pending[p];
            var customer = batch.Groups[c].CustomerId;
            var journey = entries[p].Journey;
            var first = batch.Start[c];
            var count = 0;
            for (var j = first; j < batch.Start[c + 1]; j++)
            {
                var k = batch.Order[j];
                var e = batch.Events[k];
                var stored = string.Equals(customer, e.CustomerId, StringComparison.Ordinal) ? e : e with { CustomerId = customer };
                var decision = _core.Decide(journey, stored, batch.Touchpoints[k]);
                results[batch.Indexes[k]] = decision.Result;
                batch.SetLeft(k, decision);
                if (decision.Result.IsRecorded)
                {
                    recorded[first + count++] = stored;
                }
            }

            recordedCounts[p] = count;
        }
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
        var firsts = new int[groups.Count]; // where each group's journeys start in what the store returned
        for (var g = 1; g < groups.Count; g++)
        {
            firsts[g] = firsts[g - 1] + groups[g - 1].Ids.Count;
        }

        // journeys are folded independently: many of them (a re-sent file's batch) spread over the cores
        ForRanges(groups.Count, groups.Count >= ParallelFoldMinJourneys, (from, to) =>
        {
            for (var g = from; g < to; g++)
            {
                entries[g] = Fold(groups[g], stored, firsts[g]);
            }
        }, cancellationToken);

        return entries;
    }

    /// <summary>
    /// Runs <paramref name="body"/> over <c>[0, count)</c> in contiguous ranges: on several threads when
    /// <paramref name="parallel"/> (and the machine has them), otherwise as one range on this thread. An exception of the
    /// body is rethrown as it is, not wrapped.
    /// </summary>
    private static void ForRanges(int count, bool parallel, Action<int, int> body, CancellationToken cancellationToken)
    {
        if (!parallel || count < 2 || Environment.ProcessorCount < 2)
        {
            body(0, count);
            return;
        }

        var parts = Math.Min(count, Environment.ProcessorCount * 8);
        try
        {
            Parallel.For(0, parts, new ParallelOptions { CancellationToken = cancellationToken }, part =>
                body((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts)));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>Folds one group's journey from the stored journeys of its ids (the customer's own first, at <paramref name="first"/>).</summary>
    private Entry Fold(IdentityGroup group, IReadOnlyList<StoredJourney?> stored, int first)
    {
        var own = stored[first];
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
                members[m] = stored[first + m];
            }

            events = LinkedJourneys.Merge(Key(group.CustomerId), members)?.Events ?? [];
        }

        return new Entry(JourneyFolder.Fold(_engine, group.CustomerId, events), own?.Version ?? 0, group);
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

    /// <summary>
    /// A batch's accepted events in flat arrays: each event's place in the batch, touchpoint and (rewritten) event, and the
    /// events grouped by customer (<see cref="Order"/> holds event numbers customer after customer, in batch order within a
    /// customer; customer <c>c</c>'s run is <c>Start[c]</c> to <c>Start[c + 1]</c>). A batch of many customers costs a few
    /// arrays instead of a list per customer, and the tracker keeps one spare batch to reuse them: a big batch's arrays live on
    /// the large object heap, where allocating them again for every call starts full (gen2) collections.
    /// </summary>
    private sealed class Batch
    {
        private readonly Dictionary<string, int> _idIndex = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _customerIndex = new(StringComparer.Ordinal);
        private int[] _leftStage = [];
        private DateTimeOffset[] _leftEnteredAt = [];
        private int[] _idOf = [];
        private string[] _ids = [];
        private int[] _customerOfId = [];
        private int[] _next = [];

        public int Count { get; private set; }

        public int[] Indexes { get; private set; } = [];

        public int[] Touchpoints { get; private set; } = [];

        public TouchpointEvent[] Events { get; private set; } = [];

        public List<IdentityGroup> Groups { get; } = [];

        public int[] Order { get; private set; } = [];

        public int[] Start { get; private set; } = [];

        /// <summary>Makes room for <paramref name="capacity"/> events (keeping arrays that are big enough) and empties the batch.</summary>
        public Batch Reset(int capacity)
        {
            if (Events.Length < capacity)
            {
                Indexes = new int[capacity];
                Touchpoints = new int[capacity];
                Events = new TouchpointEvent[capacity];
                Order = new int[capacity];
                Start = new int[capacity + 1];
                _leftStage = new int[capacity];
                _leftEnteredAt = new DateTimeOffset[capacity];
                _idOf = new int[capacity];
                _ids = new string[capacity];
                _customerOfId = new int[capacity];
                _next = new int[capacity];
            }

            Count = 0;
            return this;
        }

        /// <summary>Drops every reference to events and ids, so that a spare batch keeps nothing alive.</summary>
        public void Clear()
        {
            Array.Clear(Events, 0, Count);
            Array.Clear(_ids, 0, Math.Min(Count, _ids.Length));
            _idIndex.Clear();
            _customerIndex.Clear();
            Groups.Clear();
            Count = 0;
        }

        public void Accept(int index, int touchpoint, TouchpointEvent e)
        {
            Indexes[Count] = index;
            Touchpoints[Count] = touchpoint;
            Events[Count] = e;
            Count++;
        }

        /// <summary>The distinct customer ids of the events, in first-seen order (and each event's place among them).</summary>
        public IReadOnlyList<string> DistinctIds()
        {
            _idIndex.Clear();
            for (var k = 0; k < Count; k++)
            {
                var id = Events[k].CustomerId;
                ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_idIndex, id, out var exists);
                if (!exists)
                {
                    slot = _idIndex.Count - 1;
                    _ids[slot] = id;
                }

                _idOf[k] = slot;
            }

            return new ArraySegment<string>(_ids, 0, _idIndex.Count);
        }

        /// <summary>Groups the events by the customer their id resolved to (<paramref name="resolved"/> follows <see cref="DistinctIds"/>).</summary>
        public void GroupByCustomer(IReadOnlyList<IdentityGroup> resolved)
        {
            Groups.Clear();
            _customerIndex.Clear();
            var indexed = false; // customers are indexed only once an id resolves to another customer id (links)
            for (var i = 0; i < resolved.Count; i++)
            {
                if (!indexed && string.Equals(resolved[i].CustomerId, _ids[i], StringComparison.Ordinal))
                {
                    _customerOfId[i] = Groups.Count;
                    Groups.Add(resolved[i]);
                    continue;
                }

                if (!indexed)
                {
                    indexed = true;
                    for (var g = 0; g < Groups.Count; g++)
                    {
                        _customerIndex[Groups[g].CustomerId] = g;
                    }
                }

                ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_customerIndex, resolved[i].CustomerId, out var exists);
                if (!exists)
                {
                    slot = Groups.Count;
                    Groups.Add(resolved[i]);
                }

                _customerOfId[i] = slot;
            }

            // counting sort of the events by customer, stable (batch order within a customer)
            Array.Clear(Start, 0, Groups.Count + 1);
            for (var k = 0; k < Count; k++)
            {
                Start[_customerOfId[_idOf[k]] + 1]++;
            }

            for (var c = 0; c < Groups.Count; c++)
            {
                Start[c + 1] += Start[c];
            }

            Array.Copy(Start, _next, Groups.Count);
            for (var k = 0; k < Count; k++)
            {
                Order[_next[_customerOfId[_idOf[k]]]++] = k;
            }
        }

        public void SetLeft(int k, in TrackingCore.Decision decision)
        {
            _leftStage[k] = decision.LeftStage;
            _leftEnteredAt[k] = decision.LeftStageEnteredAt;
        }

        public TrackingCore.Decision Left(int k, TrackResult result) =>
            new(result, _leftStage[k], _leftEnteredAt[k]);
    }
}
