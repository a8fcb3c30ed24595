using CustomerJourney.Internal;
using CustomerJourney.Storage;

namespace CustomerJourney.Tracking;

public sealed partial class JourneyTracker
{
    /// <summary>
    /// Tracks many events as one batch, returning one result per event in the order given. With a store, the batch's
    /// accepted events are written with one <see cref="IJourneyStore.AppendManyAsync"/> call (one transaction in the
    /// durable stores); journeys whose append conflicts with another writer are reloaded and retried alone.
    /// The outcome for every event is the same as tracking the events one by one.
    /// </summary>
    /// <param name="events">The events.</param>
    /// <param name="cancellationToken">Cancels the batch.</param>
    /// <returns>The results, in the order of <paramref name="events"/>.</returns>
    /// <exception cref="JourneyConcurrencyException">Other writers kept changing a journey beyond the retry limit.</exception>
    public async Task<IReadOnlyList<TrackResult>> TrackBatchAsync(IEnumerable<TouchpointEvent> events, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(events);
        var batch = events as IReadOnlyList<TouchpointEvent> ?? events.ToList();
        var results = new TrackResult[batch.Count];
        if (_store is null)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = await TrackAsync(batch[i], cancellationToken).ConfigureAwait(false);
            }

            return results;
        }

        // validate, and group the valid events by customer (keeping their order)
        var byCustomer = new Dictionary<string, List<(int Index, int Touchpoint)>>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var e = Guard.NotNull(batch[i]);
            if (!_validator.IsValidFast(e, out var touchpoint, _engine))
            {
                results[i] = Reject(e);
                continue;
            }

            if (!byCustomer.TryGetValue(e.CustomerId, out var list))
            {
                byCustomer[e.CustomerId] = list = [];
            }

            list.Add((i, touchpoint));
        }

        // lock every shard involved, in index order so that concurrent batches cannot deadlock
        var shardIndexes = byCustomer.Keys.Select(ShardIndexOf).Distinct().Order().ToArray();
        var locked = 0;
        try
        {
            foreach (var index in shardIndexes)
            {
                await _shards[index].Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                locked++;
            }

            var pending = byCustomer.Keys.ToList();
            for (var attempt = 1; pending.Count > 0; attempt++)
            {
                if (attempt > _options.MaxConflictRetries)
                {
                    throw new JourneyConcurrencyException(pending[0], _options.MaxConflictRetries);
                }

                if (attempt > 1)
                {
                    // a real wait (not a reading of the clock), with jitter, so that contending writers stop colliding
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1 << Math.Min(attempt, 7))), cancellationToken).ConfigureAwait(false);
                }

                pending = await AppendRoundAsync(batch, byCustomer, pending, results, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            for (var i = locked - 1; i >= 0; i--)
            {
                _shards[shardIndexes[i]].Gate.Release();
            }
        }

        return results;
    }

    /// <summary>One append round over <paramref name="customers"/>; returns the customers whose append conflicted.</summary>
    private async Task<List<string>> AppendRoundAsync(
        IReadOnlyList<TouchpointEvent> batch,
        Dictionary<string, List<(int Index, int Touchpoint)>> byCustomer,
        List<string> customers,
        TrackResult[] results,
        CancellationToken cancellationToken)
    {
        await PrefetchAsync(customers, cancellationToken).ConfigureAwait(false);
        var appends = new List<JourneyAppend>(customers.Count);
        var plans = new List<(string Customer, Journey Journey, List<(int Index, int Touchpoint)> Fresh)>(customers.Count);
        foreach (var customer in customers)
        {
            var hash = Hash(customer);
            var shard = _shards[hash & (_shards.Length - 1)];
            var journey = await GetOrLoadAsync(shard, hash, customer, cancellationToken).ConfigureAwait(false);
            var fresh = new List<(int Index, int Touchpoint)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var touches = journey.TouchCount;
            foreach (var (index, touchpoint) in byCustomer[customer])
            {
                var e = batch[index];
                if (Precheck(journey, e, touches, repeatsPending: seen.Contains(e.EventId)) is { } early)
                {
                    results[index] = early;
                }
                else
                {
                    fresh.Add((index, touchpoint));
                    seen.Add(e.EventId);
                    touches++;
                }
            }

            if (fresh.Count > 0)
            {
                appends.Add(new JourneyAppend(new JourneyKey(_engine.Definition.Name, customer), journey.Version, fresh.Select(f => batch[f.Index]).ToArray()));
                plans.Add((customer, journey, fresh));
            }
        }

        var conflicts = new List<string>();
        if (appends.Count == 0)
        {
            return conflicts;
        }

        var appended = await _store!.AppendManyAsync(appends, cancellationToken).ConfigureAwait(false);
        for (var k = 0; k < plans.Count; k++)
        {
            var (customer, journey, fresh) = plans[k];
            var hash = Hash(customer);
            var shard = _shards[hash & (_shards.Length - 1)];
            if (appended[k].Status == AppendStatus.Conflict || appended[k].Appended != fresh.Count)
            {
                // another writer got there first (or already held some of these events): reload and decide again
                shard.Journeys.Remove(customer, hash);
                conflicts.Add(customer);
                continue;
            }

            foreach (var (index, touchpoint) in fresh)
            {
                results[index] = Apply(journey, batch[index], touchpoint, checkedAlready: true);
            }
        }

        // events of conflicting customers are decided in the next round
        foreach (var customer in conflicts)
        {
            byCustomer[customer] = byCustomer[customer].Where(x => results[x.Index].EventId is null).ToList();
        }

        return conflicts;
    }

    /// <summary>Loads the journeys of <paramref name="customers"/> not yet in memory with one <see cref="IJourneyStore.LoadManyAsync"/>.</summary>
    private async Task PrefetchAsync(List<string> customers, CancellationToken cancellationToken)
    {
        var missing = new List<(string Customer, int Hash)>();
        foreach (var customer in customers)
        {
            var hash = Hash(customer);
            if (_shards[hash & (_shards.Length - 1)].Journeys.Find(customer, hash) is null)
            {
                missing.Add((customer, hash));
            }
        }

        if (missing.Count < 2)
        {
            return; // GetOrLoadAsync loads a single journey as well
        }

        var stored = await _store!.LoadManyAsync(missing.Select(m => new JourneyKey(_engine.Definition.Name, m.Customer)).ToArray(), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < missing.Count; i++)
        {
            var journey = new Journey(_engine, missing[i].Customer);
            if (stored[i] is { } found)
            {
                JourneyFolder.FoldInto(journey, found.Events, _engine);
            }

            _shards[missing[i].Hash & (_shards.Length - 1)].Journeys.Set(journey, missing[i].Hash);
        }
    }

    private int ShardIndexOf(string customerId) => Hash(customerId) & (_shards.Length - 1);
}
