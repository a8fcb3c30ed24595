using System.Runtime.CompilerServices;
using CustomerJourney.Engine;
using CustomerJourney.Internal;
using CustomerJourney.Storage;

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
    private readonly IdentityMap _identities = new();

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
    public IReadOnlyList<EventError> Validate(TouchpointEvent touchpointEvent) => _core.Validator.Check(touchpointEvent);

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
    /// <remarks>
    /// An event of an id linked to a customer (<see cref="Link"/>) lands on the customer's journey; an event that also
    /// carries <see cref="TouchpointEvent.AnonymousId"/> first links that id to its customer id.
    /// </remarks>
    public TrackResult Track(TouchpointEvent touchpointEvent)
    {
        Guard.NotNull(touchpointEvent);
        if (!_core.Passes(touchpointEvent, out var touchpoint))
        {
            return Reject(touchpointEvent);
        }

        if (touchpointEvent.AnonymousId is not null)
        {
            touchpointEvent = LinkAnonymous(touchpointEvent);
        }

        TrackResult result;
        while (!TryTrack(touchpointEvent, _identities.Resolve(touchpointEvent.CustomerId), touchpoint, out result))
        {
            // a link moved the event's id meanwhile: resolve it again
        }

        return result;
    }

    // The rare paths stay out of line, so that the common one keeps a small stack frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TrackResult Reject(TouchpointEvent touchpointEvent)
    {
        var rejected = _core.Reject(touchpointEvent);
        _core.Publish(rejected);
        return rejected;
    }

    /// <summary>Links the event's anonymous id to its customer id; the event without the anonymous id.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TouchpointEvent LinkAnonymous(TouchpointEvent touchpointEvent)
    {
        var anonymousId = touchpointEvent.AnonymousId!;
        if (!string.Equals(anonymousId, touchpointEvent.CustomerId, StringComparison.Ordinal))
        {
            Link(anonymousId, touchpointEvent.CustomerId); // a conflict leaves the link as it was; the event still counts
        }

        return touchpointEvent with { AnonymousId = null };
    }

    /// <summary>Tracks a valid event on <paramref name="customerId"/>'s journey; <see langword="false"/> when a link moved the event's id meanwhile.</summary>
    private bool TryTrack(TouchpointEvent touchpointEvent, string customerId, int touchpoint, out TrackResult result)
    {
        var originalId = touchpointEvent.CustomerId;
        if (!string.Equals(customerId, originalId, StringComparison.Ordinal))
        {
            touchpointEvent = touchpointEvent with { CustomerId = customerId };
        }

        var hash = Hash(customerId);
        var shard = _shards[hash & (_shards.Length - 1)];
        TrackingCore.Decision decision;
        lock (shard.Gate)
        {
            // links change while holding the shards of both customers: under this lock the resolution cannot go stale
            if (!_identities.IsEmpty && !string.Equals(_identities.Resolve(originalId), customerId, StringComparison.Ordinal))
            {
                result = default;
                return false;
            }

            var journey = shard.Journeys.Find(customerId, hash);
            decision = journey is null
                ? DecideNew(shard, customerId, hash, touchpointEvent, touchpoint)
                : _core.Decide(journey, touchpointEvent, touchpoint);
        }

        _core.Publish(decision, touchpointEvent.OccurredAt);
        result = decision.Result;
        return true;
    }

    /// <summary>Decides a valid event of a customer with no journey yet, under the shard's lock.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private TrackingCore.Decision DecideNew(Shard shard, string customerId, int hash, TouchpointEvent touchpointEvent, int touchpoint)
    {
        var journey = new Journey(_engine, customerId);
        var decision = _core.Decide(journey, touchpointEvent, touchpoint);
        if (journey.TouchCount > 0)
        {
            shard.Journeys.Add(journey, hash); // only journeys that hold a touch exist
        }

        return decision;
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
    /// <remarks>An id linked to a customer reads the customer's (merged) journey.</remarks>
    public Journey? GetJourney(string customerId)
    {
        Guard.NotNull(customerId);
        customerId = _identities.Resolve(customerId);
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

    /// <summary>Erases a customer's journey, and every id linked with the customer (their links included).</summary>
    /// <param name="customerId">The customer, or any id linked with it.</param>
    /// <returns>Whether the customer had a journey.</returns>
    public bool Erase(string customerId)
    {
        Guard.NotNull(customerId);
        while (true)
        {
            var customer = _identities.Resolve(customerId);
            var hash = Hash(customer);
            var shard = _shards[hash & (_shards.Length - 1)];
            lock (shard.Gate)
            {
                if (!string.Equals(_identities.Resolve(customerId), customer, StringComparison.Ordinal))
                {
                    continue; // linked meanwhile
                }

                _identities.Remove(customer);
                return shard.Journeys.Remove(customer, hash);
            }
        }
    }

    /// <summary>
    /// Links <paramref name="id"/> to the customer <paramref name="customerId"/>: their journeys become one, re-folded in
    /// time order (an event id held by both counts once), and later events of either id land on it. Chains are followed
    /// (linking to a linked id links to its customer); an id already linked to another customer is a
    /// <see cref="LinkOutcome.Conflict"/> that changes nothing; linking a customer id merges its whole group. See
    /// <see cref="LinkResult.Decide"/>.
    /// </summary>
    /// <remarks>
    /// The merge re-folds every touch of both journeys without the tracker's lateness and size limits (both were checked
    /// when the touches were tracked), so the merged journey equals tracking every event under one id.
    /// </remarks>
    /// <param name="id">The id to link (an anonymous, device or other id).</param>
    /// <param name="customerId">The customer.</param>
    /// <returns>What the link did.</returns>
    /// <exception cref="ArgumentException">An id is empty or longer than <see cref="JourneyTrackerOptions.MaxIdLength"/>.</exception>
    public LinkResult Link(string id, string customerId)
    {
        CheckLinkIds(id, customerId);
        while (true)
        {
            var from = _identities.Resolve(id);
            var to = _identities.Resolve(customerId);
            var fromHash = Hash(from);
            var toHash = Hash(to);
            var first = _shards[Math.Min(fromHash & (_shards.Length - 1), toHash & (_shards.Length - 1))];
            var second = _shards[Math.Max(fromHash & (_shards.Length - 1), toHash & (_shards.Length - 1))];
            lock (first.Gate)
            {
                lock (second.Gate)
                {
                    if (!string.Equals(_identities.Resolve(id), from, StringComparison.Ordinal) || !string.Equals(_identities.Resolve(customerId), to, StringComparison.Ordinal))
                    {
                        continue; // another link moved one of them meanwhile
                    }

                    var result = _identities.Link(id, customerId);
                    if (result.Outcome == LinkOutcome.Linked)
                    {
                        var fromShard = _shards[fromHash & (_shards.Length - 1)];
                        var toShard = _shards[toHash & (_shards.Length - 1)];
                        var moving = fromShard.Journeys.Find(from, fromHash);
                        if (moving is not null)
                        {
                            fromShard.Journeys.Remove(from, fromHash);
                            toShard.Journeys.Set(Journey.Merge(_engine, to, toShard.Journeys.Find(to, toHash), moving), toHash);
                        }
                    }

                    return result;
                }
            }
        }
    }

    /// <inheritdoc cref="Link"/>
    /// <param name="id">The id to link.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Checked before linking.</param>
    public ValueTask<LinkResult> LinkAsync(string id, string customerId, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<LinkResult>(cancellationToken) : ValueTask.FromResult(Link(id, customerId));

    /// <summary>The identity group of <paramref name="id"/>: the customer id it resolves to and every id linked with it.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The group (a group of one for an id linked to nothing).</returns>
    public IdentityGroup GetIdentity(string id) => _identities.Group(Guard.NotNull(id));

    private void CheckLinkIds(string id, string customerId)
    {
        LinkedJourneys.CheckIds(id, customerId);
        if (!_core.Rules.IsValidId(id) || !_core.Rules.IsValidId(customerId))
        {
            throw new ArgumentException($"Linked ids must be 1 to {_core.Options.MaxIdLength} characters long.", nameof(id));
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
