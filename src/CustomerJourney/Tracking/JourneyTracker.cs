using System.Diagnostics;
using System.Runtime.CompilerServices;
using CustomerJourney.Diagnostics;
using CustomerJourney.Engine;
using CustomerJourney.Internal;
using CustomerJourney.Storage;

namespace CustomerJourney.Tracking;

/// <summary>
/// Applies touchpoint events to customers' journeys on one definition. Keeps each journey in memory (a write-through
/// cache of the store), appends every accepted event to the <see cref="IJourneyStore"/> with optimistic concurrency,
/// and folds it in at its place in time. Calls for one customer are serialised; different customers proceed in
/// parallel (spread over lock shards).
/// </summary>
/// <remarks>
/// Late events: an event older than the journey's latest touch is placed where it belongs in time order and the journey
/// is recomputed from its touches, so the final journey does not depend on arrival order. The cost is linear in the
/// journey's touches. <see cref="JourneyTrackerOptions.MaxLateness"/> bounds how late an event may be (unbounded by default).
/// </remarks>
public sealed partial class JourneyTracker
{
    private readonly JourneyEngine _engine;
    private readonly IJourneyStore? _store;
    private readonly JourneyTrackerOptions _options;
    private readonly TimeProvider _time;
    private readonly TouchpointEventValidator _validator;
    private readonly Shard[] _shards;
    private readonly long _maxLatenessTicks;
    private readonly KeyValuePair<string, object?> _journeyTag;

    /// <summary>Creates a tracker.</summary>
    /// <param name="engine">The compiled journey definition.</param>
    /// <param name="store">Where events are stored durably; <see langword="null"/> keeps journeys in this tracker's memory only.</param>
    /// <param name="options">Limits and policies; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    public JourneyTracker(JourneyEngine engine, IJourneyStore? store = null, JourneyTrackerOptions? options = null, TimeProvider? timeProvider = null)
    {
        _engine = Guard.NotNull(engine);
        _store = store;
        _options = options ?? new JourneyTrackerOptions();
        _time = timeProvider ?? TimeProvider.System;
        _validator = new TouchpointEventValidator(engine.Definition, _options, _time);
        var shards = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(_options.Shards, 1, 4096));
        _shards = new Shard[shards];
        for (var i = 0; i < shards; i++)
        {
            _shards[i] = new Shard();
        }

        _maxLatenessTicks = _options.MaxLateness is { } lateness ? lateness.Ticks : long.MaxValue;
        _journeyTag = new KeyValuePair<string, object?>("journey", engine.Definition.Name);
    }

    /// <summary>The compiled definition this tracker runs.</summary>
    public JourneyEngine Engine => _engine;

    /// <summary>The store, or <see langword="null"/> when journeys live in memory only.</summary>
    public IJourneyStore? Store => _store;

    /// <summary>The validator applied to every event.</summary>
    public TouchpointEventValidator Validator => _validator;

    /// <summary>The number of journeys held in memory.</summary>
    public int Count => _shards.Sum(s => s.Journeys.Count);

    /// <summary>Tracks one event, blocking while the store writes. Prefer <see cref="TrackAsync(TouchpointEvent, CancellationToken)"/> with I/O-bound stores.</summary>
    /// <param name="touchpointEvent">The event.</param>
    /// <returns>What the event did.</returns>
    public TrackResult Track(TouchpointEvent touchpointEvent)
    {
        if (_store is null)
        {
            // In memory: no I/O, so no async machinery; one hash of the customer id picks the shard and the entry.
            Guard.NotNull(touchpointEvent);
            if (!_validator.IsValidFast(touchpointEvent, out var index, _engine))
            {
                return Reject(touchpointEvent);
            }

            return TrackInMemory(touchpointEvent, index);
        }

        var pending = TrackAsync(touchpointEvent);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Tracks one event.</summary>
    /// <param name="touchpointEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the wait for the customer's lock or the store.</param>
    /// <returns>What the event did: advanced, stayed, ignored (all recorded as touches), rejected or duplicate.</returns>
    /// <exception cref="JourneyConcurrencyException">Other writers kept changing the journey beyond the retry limit.</exception>
    public ValueTask<TrackResult> TrackAsync(TouchpointEvent touchpointEvent, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(touchpointEvent);
        if (!_validator.IsValidFast(touchpointEvent, out var touchpoint, _engine))
        {
            return ValueTask.FromResult(Reject(touchpointEvent));
        }

        if (_store is null)
        {
            return cancellationToken.IsCancellationRequested
                ? ValueTask.FromCanceled<TrackResult>(cancellationToken)
                : ValueTask.FromResult(TrackInMemory(touchpointEvent, touchpoint));
        }

        var hash = Hash(touchpointEvent.CustomerId);
        var shard = _shards[hash & (_shards.Length - 1)];
        var gate = shard.Gate.WaitAsync(cancellationToken);
        return TrackLockedAsync(shard, hash, gate, touchpointEvent, touchpoint, cancellationToken);
    }

    /// <summary>Tracks a stream of events as they arrive, yielding each result.</summary>
    /// <param name="events">The events.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The results, in arrival order.</returns>
    public async IAsyncEnumerable<TrackResult> TrackAsync(IAsyncEnumerable<TouchpointEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.NotNull(events);
        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return await TrackAsync(e, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A snapshot of a customer's journey as held in memory, or <see langword="null"/> when none is.</summary>
    /// <param name="customerId">The customer.</param>
    /// <returns>The journey snapshot.</returns>
    public Journey? GetJourney(string customerId)
    {
        Guard.NotNull(customerId);
        var hash = Hash(customerId);
        var shard = _shards[hash & (_shards.Length - 1)];
        Lock(shard);
        try
        {
            return shard.Journeys.Find(customerId, hash)?.Snapshot();
        }
        finally
        {
            Unlock(shard);
        }
    }

    /// <summary>A snapshot of a customer's journey, loading it from the store when it is not in memory.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The journey snapshot, or <see langword="null"/> when the customer has none.</returns>
    public async ValueTask<Journey?> GetJourneyAsync(string customerId, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(customerId);
        if (_store is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var at = _shards[Hash(customerId) & (_shards.Length - 1)];
            lock (at)
            {
                // As with a store: an unknown customer gets an empty journey in memory.
                var known = at.Journeys.Find(customerId, Hash(customerId));
                if (known is null)
                {
                    known = new Journey(_engine, customerId);
                    at.Journeys.Add(known, Hash(customerId));
                }

                return known.TouchCount == 0 ? null : known.Snapshot();
            }
        }

        var hash = Hash(customerId);
        var shard = _shards[hash & (_shards.Length - 1)];
        await shard.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var journey = await GetOrLoadAsync(shard, hash, customerId, cancellationToken).ConfigureAwait(false);
            return journey.TouchCount == 0 ? null : journey.Snapshot();
        }
        finally
        {
            shard.Gate.Release();
        }
    }

    /// <summary>Snapshots of every journey held in memory.</summary>
    /// <returns>The journeys, in no particular order.</returns>
    public IReadOnlyList<Journey> GetJourneys()
    {
        var all = new List<Journey>();
        foreach (var shard in _shards)
        {
            Lock(shard);
            try
            {
                all.AddRange(shard.Journeys.Values.Select(j => j.Snapshot()));
            }
            finally
            {
                Unlock(shard);
            }
        }

        return all;
    }

    /// <summary>
    /// Applies inactivity rules to every journey in memory up to <paramref name="now"/> (the tracker's clock by default),
    /// moving customers who have not been touched for a rule's duration to its stage.
    /// </summary>
    /// <param name="now">The time to advance to.</param>
    /// <returns>How many journeys changed stage.</returns>
    public int Advance(DateTimeOffset? now = null)
    {
        var until = (now ?? _time.GetUtcNow()).UtcTicks;
        var moved = 0;
        foreach (var shard in _shards)
        {
            Lock(shard);
            try
            {
                foreach (var journey in shard.Journeys.Values)
                {
                    if (journey.Advance(until))
                    {
                        moved++;
                    }
                }
            }
            finally
            {
                Unlock(shard);
            }
        }

        return moved;
    }

    /// <summary>Erases a customer's journey from memory and from the store (every definition, in the store).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the erasure.</param>
    /// <returns>Whether anything was erased.</returns>
    public async ValueTask<bool> EraseAsync(string customerId, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(customerId);
        var hash = Hash(customerId);
        var shard = _shards[hash & (_shards.Length - 1)];
        if (_store is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (shard)
            {
                return shard.Journeys.Remove(customerId, hash);
            }
        }

        await shard.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var removed = shard.Journeys.Remove(customerId, hash);
            var erased = _store is null ? 0 : await _store.EraseCustomerAsync(customerId, cancellationToken).ConfigureAwait(false);
            return removed || erased > 0;
        }
        finally
        {
            shard.Gate.Release();
        }
    }

    // The randomised ordinal string hash (flooding-resistant): its low bits pick the shard, the map mixes all of them.
    private static int Hash(string customerId) => customerId.GetHashCode();

    // Without a store nothing awaits under the lock, so a monitor serves; with a store, the semaphore (held across I/O).
    private void Lock(Shard shard)
    {
        if (_store is null)
        {
            Monitor.Enter(shard);
        }
        else
        {
            shard.Gate.Wait();
        }
    }

    private void Unlock(Shard shard)
    {
        if (_store is null)
        {
            Monitor.Exit(shard);
        }
        else
        {
            shard.Gate.Release();
        }
    }

    private TrackResult TrackInMemory(TouchpointEvent e, int touchpoint)
    {
        var customerId = e.CustomerId;
        var hash = Hash(customerId);
        var shard = _shards[hash & (_shards.Length - 1)];
        lock (shard)
        {
            var journey = shard.Journeys.Find(customerId, hash);
            if (journey is null)
            {
                journey = new Journey(_engine, customerId);
                shard.Journeys.Add(journey, hash);
            }

            return Apply(journey, e, touchpoint);
        }
    }

    private async ValueTask<TrackResult> TrackLockedAsync(Shard shard, int hash, Task gate, TouchpointEvent e, int touchpoint, CancellationToken cancellationToken)
    {
        await gate.ConfigureAwait(false);
        try
        {
            using var activity = JourneyTelemetry.ActivitySource.StartActivity("customerjourney.track", ActivityKind.Internal);
            activity?.SetTag("customerjourney.journey", _engine.Definition.Name);
            var key = new JourneyKey(_engine.Definition.Name, e.CustomerId);
            for (var attempt = 1; attempt <= _options.MaxConflictRetries; attempt++)
            {
                var journey = await GetOrLoadAsync(shard, hash, e.CustomerId, cancellationToken).ConfigureAwait(false);
                if (Precheck(journey, e) is { } early)
                {
                    return early;
                }

                shard.One[0] = e;
                AppendResult appended;
                try
                {
                    appended = await _store!.AppendAsync(key, journey.Version, shard.One, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    shard.One[0] = null!;
                }

                if (appended.Status == AppendStatus.Conflict || appended.Appended == 0)
                {
                    shard.Journeys.Remove(e.CustomerId, hash); // stale: reload from the store and decide again
                    if (attempt > 1)
                    {
                        // back off with jitter so that writers contending for one journey stop colliding (a real wait, not a reading
                        // of the clock: it must also pass under a test TimeProvider that never advances)
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1 << Math.Min(attempt, 7))), cancellationToken).ConfigureAwait(false);
                    }

                    continue;
                }

                return Apply(journey, e, touchpoint, checkedAlready: true);
            }

            throw new JourneyConcurrencyException(e.CustomerId, _options.MaxConflictRetries);
        }
        finally
        {
            shard.Gate.Release();
        }
    }

    private TrackResult? Precheck(Journey journey, TouchpointEvent e) => Precheck(journey, e, journey.TouchCount, repeatsPending: false);

    /// <summary>
    /// The checks an event passes before it is recorded: not a duplicate (of the journey, or of an event
    /// <paramref name="repeatsPending"/> earlier in the same batch), room in the journey (<paramref name="touches"/>
    /// counts the batch's pending touches too), and within the lateness bound.
    /// </summary>
    private TrackResult? Precheck(Journey journey, TouchpointEvent e, int touches, bool repeatsPending)
    {
        if (repeatsPending || journey.ContainsEvent(e.EventId))
        {
            CountOutcome(TrackOutcome.Duplicate);
            return new TrackResult(TrackOutcome.Duplicate, e.EventId, e.CustomerId, journey.Stage, journey.Stage, journey.Version);
        }

        if (touches >= _options.MaxTouchesPerJourney)
        {
            return Rejected(e, EventErrorCodes.JourneyFull, $"The journey of customer '{e.CustomerId}' already holds {touches} touches, the most allowed.");
        }

        if (_maxLatenessTicks != long.MaxValue && journey.TouchCount > 0 && e.OccurredAt.UtcTicks < journey.LastTicks - _maxLatenessTicks)
        {
            return Rejected(e, EventErrorCodes.TooLate, $"Event '{e.EventId}' occurred at {e.OccurredAt:O}, more than {_options.MaxLateness} before the journey's latest touch at {journey.LastTouchAt:O}.");
        }

        return null;
    }

    private TrackResult Apply(Journey journey, TouchpointEvent e, int touchpoint, bool checkedAlready = false)
    {
        if (!checkedAlready && Precheck(journey, e) is { } early)
        {
            return early;
        }

        var previousStage = journey.StageIndex;
        var previousEntered = JourneyTelemetry.TimeInStage.Enabled ? journey.StageEnteredAt : default;
        var (outcome, from, to) = journey.Record(e, touchpoint);
        CountOutcome(outcome);
        if (outcome == TrackOutcome.Advanced && JourneyTelemetry.Transitions.Enabled)
        {
            JourneyTelemetry.Transitions.Add(1, _journeyTag, new("from", _engine.StageId(from)), new("to", _engine.StageId(to)));
        }

        if (JourneyTelemetry.TimeInStage.Enabled && journey.StageIndex != previousStage && journey.TouchCount > 1)
        {
            JourneyTelemetry.TimeInStage.Record((e.OccurredAt - previousEntered).TotalSeconds, _journeyTag, new("stage", _engine.StageId(previousStage)));
        }

        return new TrackResult(outcome, e.EventId, e.CustomerId, from < 0 ? null : _engine.StageId(from), to < 0 ? null : _engine.StageId(to), journey.Version);
    }

    private async ValueTask<Journey> GetOrLoadAsync(Shard shard, int hash, string customerId, CancellationToken cancellationToken)
    {
        if (shard.Journeys.Find(customerId, hash) is { } journey)
        {
            return journey;
        }

        journey = new Journey(_engine, customerId);
        if (_store is not null && await _store.LoadAsync(new JourneyKey(_engine.Definition.Name, customerId), cancellationToken).ConfigureAwait(false) is { } stored)
        {
            JourneyFolder.FoldInto(journey, stored.Events, _engine);
        }

        shard.Journeys.Set(journey, hash);
        return journey;
    }

    private TrackResult Reject(TouchpointEvent e)
    {
        var failure = _validator.Validate(e).Errors.FirstOrDefault();
        return Rejected(e, failure?.ErrorCode ?? EventErrorCodes.InvalidText, failure?.ErrorMessage ?? "The event is invalid.");
    }

    private TrackResult Rejected(TouchpointEvent e, string code, string reason)
    {
        CountOutcome(TrackOutcome.Rejected);
        return new TrackResult(TrackOutcome.Rejected, e.EventId ?? string.Empty, e.CustomerId ?? string.Empty, null, null, 0, reason, code);
    }

    private void CountOutcome(TrackOutcome outcome)
    {
        if (JourneyTelemetry.Events.Enabled)
        {
            JourneyTelemetry.Events.Add(1, _journeyTag, new("outcome", OutcomeNames[(int)outcome]));
        }
    }

    private static readonly string[] OutcomeNames = ["advanced", "stayed", "ignored", "rejected", "duplicate"];

    private sealed class Shard
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public JourneyMap Journeys { get; } = new();

        public TouchpointEvent[] One { get; } = new TouchpointEvent[1];
    }
}
