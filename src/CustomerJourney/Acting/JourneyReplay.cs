using CustomerJourney.Engine;
using CustomerJourney.Internal;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;

namespace CustomerJourney.Acting;

/// <summary>
/// Replays one journey's stored events in the order the store committed them (sequence order) and reports each change
/// of the customer's <em>current</em> visit: what stage handlers receive. After each event the journey equals what a
/// tracker that received the same events one by one holds, so the changes reported are exactly the changes of current
/// stage a caller of <see cref="IJourneyTracker.TrackAsync(TouchpointEvent, CancellationToken)"/> observes.
/// </summary>
/// <remarks>
/// The current visit changes when the customer enters a stage (another one, or the same one again), and when a late
/// event rewrites history so that the journey ends in a different visit. A late event that changes only the past
/// (earlier visits) reports nothing. Duplicates and rejected events are never stored, so they report nothing.
/// </remarks>
public sealed class JourneyReplay
{
    private readonly JourneyEngine _engine;
    private readonly Journey _journey;

    /// <summary>Starts the replay of a journey with no events.</summary>
    /// <param name="engine">The journey's compiled definition.</param>
    /// <param name="key">The journey.</param>
    public JourneyReplay(JourneyEngine engine, JourneyKey key)
    {
        _engine = Guard.NotNull(engine);
        Key = key;
        _journey = new Journey(engine, key.CustomerId);
    }

    /// <summary>The journey replayed.</summary>
    public JourneyKey Key { get; }

    /// <summary>The number of stored events applied so far (the journey's version in the store).</summary>
    public long Sequence { get; private set; }

    /// <summary>The current stage, or <see langword="null"/> before the first touch.</summary>
    public string? Stage => _journey.TouchCount == 0 ? null : _journey.Stage;

    /// <summary>When the current stage's inactivity rule lapses unless a touch comes first; <see langword="null"/> when it has none.</summary>
    public DateTimeOffset? NextLapseAt => _journey.NextLapseTicks is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>A snapshot of the journey as replayed so far.</summary>
    /// <returns>The journey.</returns>
    public Journey ToJourney() => _journey.Snapshot();

    /// <summary>Applies the journey's next stored event.</summary>
    /// <param name="storedEvent">The event; its sequence must be the next one and its key this journey's.</param>
    /// <returns>The change of current stage the event made, or <see langword="null"/> when the current visit stayed.</returns>
    /// <exception cref="ArgumentException">The event is not this journey's next event.</exception>
    public JourneyTransition? Apply(StoredEvent storedEvent)
    {
        Guard.NotNull(storedEvent);
        if (storedEvent.Key != Key || storedEvent.Sequence != Sequence + 1)
        {
            throw new ArgumentException($"Event {storedEvent.Key.CustomerId}#{storedEvent.Sequence} is not the next event (#{Sequence + 1}) of journey {Key.DefinitionName}/{Key.CustomerId}.", nameof(storedEvent));
        }

        var before = _journey.Current;
        var beforeStage = _journey.TouchCount == 0 ? null : _journey.Stage;
        Sequence = storedEvent.Sequence;
        var e = storedEvent.Event;
        if (InactivityMarker.IsMarker(e))
        {
            _journey.ApplyMarker(e.OccurredAt.UtcTicks);
        }
        else if (!_journey.ContainsEvent(e.EventId) && _engine.TryGetTouchpointIndex(e.Touchpoint, out var touchpoint))
        {
            _journey.Record(e, touchpoint);
        }

        if (_journey.Current is not { } after || (before is { } b && b.SameAs(after)))
        {
            return null;
        }

        string? touchpointId = null;
        string? channel = null;
        if (!after.Lapse)
        {
            (touchpointId, channel) = _journey.TouchInfo(after.Touch);
        }

        return new JourneyTransition
        {
            Key = Key,
            From = beforeStage,
            To = _engine.StageId(after.Stage),
            Cause = after.Lapse ? TransitionCause.Inactivity : TransitionCause.Touch,
            OccurredAt = new DateTimeOffset(after.Ticks, TimeSpan.Zero),
            Touchpoint = touchpointId,
            Channel = channel,
            EventId = after.EventId,
            Segment = _journey.Segment,
            Position = storedEvent.Position,
            Sequence = storedEvent.Sequence,
        };
    }
}
