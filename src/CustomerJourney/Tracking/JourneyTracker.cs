using System.Runtime.CompilerServices;
using CustomerJourney.Engine;
using CustomerJourney.Internal;

namespace CustomerJourney.Tracking;

/// <summary>
/// Applies touchpoint events to customers' journeys on one definition, in this process's memory: synchronous and
/// allocation-free per event, for analytics, tools, tests and simulations. Nothing is stored; memory grows with the
/// journeys tracked. Host applications that must keep journeys durably, or bound their memory, use
/// <see cref="StoreBackedJourneyTracker"/>, which decides every event the same way. Thread-safe: calls for one
/// customer are serialised, different customers proceed in parallel (spread over lock shards).
/// </summary>
/// <remarks>
/// Late events: an event older than the journey's latest touch is placed where it belongs in time order and the journey
/// is recomputed from its touches, so the final journey does not depend on arrival order. The cost is linear in the
/// journey's touches. <see cref="JourneyTrackerOptions.MaxLateness"/> bounds how late an event may be (unbounded by default).
/// </remarks>
public sealed class JourneyTracker : IJourneyTracker
{
    private readonly TrackingCore _core;
    private readonly JourneyEngine _engine;
    private readonly Shard[] _shards;

    /// <summary>Creates a tracker.</summary>
    /// <param name="engine">The compiled journey definition.</param>
    /// <param name="options">Limits and policies; defaults when <see langword="null"/>. Validated and copied.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message names every one).</exception>
    public JourneyTracker(JourneyEngine engine, JourneyTrackerOptions? options = null, TimeProvider? timeProvider = null)
    {
        _engine = Guard.NotNull(engine);
        _core = new TrackingCore(engine, options, timeProvider);
        var shards = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)_core.Options.Shards);
        _shards = new Shard[shards];
        for (var i = 0; i < shards; i++)
        {
            _shards[i] = new Shard();
        }
    }

    /// <inheritdoc />
    public JourneyEngine Engine => _engine;

    /// <inheritdoc />
    public TouchpointEventValidator Validator => _core.Validator;

    /// <summary>The number of journeys tracked (customers with at least one recorded touch).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var shard in _shards)
            {
                lock (shard.Gate)
                {
                    count += shard.Journeys.Count;
                }
            }

            return count;
        }
    }

    /// <summary>Tracks one event.</summary>
    /// <param name="touchpointEvent">The event.</param>
    /// <returns>What the event did: advanced, stayed, ignored (all recorded as touches), rejected or duplicate.</returns>
    public TrackResult Track(TouchpointEvent touchpointEvent)
    {
        Guard.NotNull(touchpointEvent);
        if (_core.Check(touchpointEvent, out var touchpoint) is { } rejected)
        {
            _core.Publish(rejected);
            return rejected;
        }

        var customerId = touchpointEvent.CustomerId;
        var hash = Hash(customerId);
        var shard = _shards[hash & (_shards.Length - 1)];
        TrackingCore.Decision decision;
        lock (shard.Gate)
        {
            var journey = shard.Journeys.Find(customerId, hash);
            if (journey is null)
            {
                journey = new Journey(_engine, customerId);
                decision = _core.Decide(journey, touchpointEvent, touchpoint);
                if (journey.TouchCount > 0)
                {
                    shard.Journeys.Add(journey, hash); // only journeys that hold a touch exist
                }
            }
            else
            {
                decision = _core.Decide(journey, touchpointEvent, touchpoint);
            }
        }

        _core.Publish(decision, touchpointEvent.OccurredAt);
        return decision.Result;
    }

    /// <inheritdoc />
    public ValueTask<TrackResult> TrackAsync(TouchpointEvent touchpointEvent, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<TrackResult>(cancellationToken) : ValueTask.FromResult(Track(touchpointEvent));

    /// <summary>Tracks many events, one by one in the order given.</summary>
    /// <param name="events">The events.</param>
    /// <returns>The results, in the order of <paramref name="events"/>.</returns>
    public IReadOnlyList<TrackResult> TrackBatch(IEnumerable<TouchpointEvent> events)
    {
        Guard.NotNull(events);
        var results = new List<TrackResult>(events.TryGetNonEnumeratedCount(out var count) ? count : 16);
        foreach (var e in events)
        {
            results.Add(Track(e));
        }

        return results;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TrackResult>> TrackBatchAsync(IEnumerable<TouchpointEvent> events, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(TrackBatch(events));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TrackResult> TrackAsync(IAsyncEnumerable<TouchpointEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.NotNull(events);
        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return Track(e);
        }
    }

    /// <summary>A snapshot of a customer's journey, or <see langword="null"/> when the customer has none.</summary>
    /// <param name="customerId">The customer.</param>
    /// <returns>The journey snapshot; it does not change afterwards.</returns>
    public Journey? GetJourney(string customerId)
    {
        Guard.NotNull(customerId);
        var hash = Hash(customerId);
        var shard = _shards[hash & (_shards.Length - 1)];
        lock (shard.Gate)
        {
            return shard.Journeys.Find(customerId, hash)?.Snapshot();
        }
    }

    /// <inheritdoc />
    public ValueTask<Journey?> GetJourneyAsync(string customerId, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<Journey?>(cancellationToken) : ValueTask.FromResult(GetJourney(customerId));

    /// <inheritdoc />
    /// <remarks>In memory every read is the latest: <paramref name="consistency"/> makes no difference.</remarks>
    public ValueTask<Journey?> GetJourneyAsync(string customerId, ReadConsistency consistency, CancellationToken cancellationToken = default) =>
        GetJourneyAsync(customerId, cancellationToken);

    /// <summary>Snapshots of every journey tracked.</summary>
    /// <returns>The journeys, in no particular order.</returns>
    public IReadOnlyList<Journey> GetJourneys()
    {
        var all = new List<Journey>();
        foreach (var shard in _shards)
        {
            lock (shard.Gate)
            {
                foreach (var journey in shard.Journeys.Values)
                {
                    all.Add(journey.Snapshot());
                }
            }
        }

        return all;
    }

    /// <summary>
    /// Applies inactivity rules to every journey up to <paramref name="now"/> (the tracker's clock by default), moving
    /// customers who have not been touched for a rule's duration to its stage.
    /// </summary>
    /// <param name="now">The time to advance to.</param>
    /// <returns>How many journeys changed stage.</returns>
    public int Advance(DateTimeOffset? now = null)
    {
        var until = (now ?? _core.Time.GetUtcNow()).UtcTicks;
        var moved = 0;
        foreach (var shard in _shards)
        {
            lock (shard.Gate)
            {
                foreach (var journey in shard.Journeys.Values)
                {
                    if (journey.Advance(until))
                    {
                        moved++;
                    }
                }
            }
        }

        return moved;
    }

    /// <summary>Erases a customer's journey.</summary>
    /// <param name="customerId">The customer.</param>
    /// <returns>Whether the customer had a journey.</returns>
    public bool Erase(string customerId)
    {
        Guard.NotNull(customerId);
        var hash = Hash(customerId);
        var shard = _shards[hash & (_shards.Length - 1)];
        lock (shard.Gate)
        {
            return shard.Journeys.Remove(customerId, hash);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> EraseAsync(string customerId, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<bool>(cancellationToken) : ValueTask.FromResult(Erase(customerId));

    // The randomised ordinal string hash (flooding-resistant): its low bits pick the shard, the map mixes all of them.
    private static int Hash(string customerId) => customerId.GetHashCode();

    private sealed class Shard
    {
#if NET9_0_OR_GREATER
        public readonly Lock Gate = new(); // cheaper to take than a monitor
#else
        public readonly object Gate = new();
#endif

        public JourneyMap Journeys { get; } = new();
    }
}
