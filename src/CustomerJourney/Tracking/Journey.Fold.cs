using CustomerJourney.Definitions;
using CustomerJourney.Engine;

namespace CustomerJourney.Tracking;

public sealed partial class Journey
{
    // Below this many touches, duplicates are found by scanning the stored id hashes (no per-touch memory); above it, a
    // set of event ids (about 60 bytes per touch) keeps the check constant-time for very long journeys.
    private const int LinearDedupLimit = 128;

    /// <summary>
    /// Records a validated, non-duplicate event and folds it in at its place in time. <c>Ambiguous</c> tells that the
    /// definition's guards allowed more than one transition for it there: Stateless refuses to fire such a trigger, so
    /// the touch is recorded without moving the customer (outcome <see cref="TrackOutcome.Ignored"/>).
    /// </summary>
    internal (TrackOutcome Outcome, int From, int To, bool Ambiguous) Record(TouchpointEvent e, int touchpointIndex) =>
        Record(e, touchpointIndex, IdHash(e.EventId));

    /// <summary><see cref="Record(TouchpointEvent, int)"/> with the event id's <see cref="IdHash"/> computed by the caller.</summary>
    internal (TrackOutcome Outcome, int From, int To, bool Ambiguous) Record(TouchpointEvent e, int touchpointIndex, int idHash)
    {
        var touch = new Touch
        {
            Ticks = e.OccurredAt.UtcTicks,
            Id = e.Value is null && e.Segment is null && e.Channel is null && e.Properties is null
                ? e.EventId
                : new TouchExtras { EventId = e.EventId, Value = e.Value, Segment = e.Segment, Channel = e.Channel, Properties = e.Properties },
            IdHash = idHash,
            Touchpoint = (ushort)touchpointIndex,
        };

        var position = _touchCount;
        while (position > 0 && Compare(in _touches[position - 1], in touch) > 0)
        {
            position--;
        }

        if (_touchCount == _touches.Length)
        {
            Array.Resize(ref _touches, Math.Max(4, _touchCount * 2));
        }

        if (position < _touchCount)
        {
            Array.Copy(_touches, position, _touches, position + 1, _touchCount - position);
        }

        _touches[position] = touch;
        _touchCount++;
        TrackId(e.EventId);

        (TrackOutcome Outcome, int From, int To, FireOutcome Fire) result;
        if (position == _touchCount - 1 && touch.Ticks >= _advancedTo)
        {
            var fire = ApplyTouch(position, out var from, out var to);
            result = (_touches[position].Outcome, from, to, fire);
        }
        else
        {
            result = RefoldWatching(position);
        }

        return (result.Outcome, result.From, result.To, result.Fire == FireOutcome.Ambiguous);
    }

    /// <summary>Applies inactivity rules up to <paramref name="until"/>; returns whether the stage changed.</summary>
    internal bool Advance(long until)
    {
        if (until <= _advancedTo)
        {
            return false;
        }

        _advancedTo = until;
        if (_visitCount == 0)
        {
            return false;
        }

        var before = _visitCount;
        ApplyInactivity(until);
        return _visitCount != before;
    }

    /// <summary>Recomputes the whole journey from its touches; returns the outcome of the touch at <paramref name="watch"/>.</summary>
    private (TrackOutcome Outcome, int From, int To, FireOutcome Fire) RefoldWatching(int watch)
    {
        _visitCount = 0;
        _stage = -1;
        _lastActivity = 0;
        _convertedAt = long.MinValue;
        _conversions = 0;
        if (_rare is not null)
        {
            _rare.TotalValue = 0;
            _rare.Segment = null;
            _rare.LapseCount = 0;
        }
        var result = (TrackOutcome.Ignored, -1, -1, FireOutcome.Unhandled);
        for (var i = 0; i < _touchCount; i++)
        {
            var fire = ApplyTouch(i, out var from, out var to);
            if (i == watch)
            {
                result = (_touches[i].Outcome, from, to, fire);
            }
        }

        if (_visitCount > 0 && _advancedTo > _lastActivity)
        {
            ApplyInactivity(_advancedTo);
        }

        return result;
    }

    private static int Compare(in Touch left, in Touch right)
    {
        var byTime = left.Ticks.CompareTo(right.Ticks);
        return byTime != 0 ? byTime : string.CompareOrdinal(left.EventId, right.EventId);
    }

    private void TrackId(string eventId)
    {
        if (_rare?.EventIds is { } eventIds)
        {
            eventIds.Add(eventId);
        }
        else if (_touchCount > LinearDedupLimit)
        {
            eventIds = new HashSet<string>(_touchCount * 2, StringComparer.Ordinal);
            for (var i = 0; i < _touchCount; i++)
            {
                eventIds.Add(_touches[i].EventId);
            }

            (_rare ??= new Rare()).EventIds = eventIds;
        }
    }

    /// <summary>Applies the touch at <paramref name="index"/>; returns what firing it did (ambiguous touches stay, as ignored).</summary>
    private FireOutcome ApplyTouch(int index, out int from, out int to)
    {
        ref var t = ref _touches[index];
        if (_visitCount == 0)
        {
            Enter(_engine.StartStageIndex, t.Ticks, VisitCause.Start, index);
        }
        else
        {
            ApplyInactivity(t.Ticks);
        }

        from = _stage;
        var extras = t.Extras;
        // Guards are the only readers of the context: build it only when the cell has a guarded entry.
        var step = _engine.IsGuarded(_stage, t.Touchpoint)
            ? _engine.Fire(_stage, t.Touchpoint, new GuardContext
            {
                CustomerId = CustomerId,
                Stage = _engine.StageId(_stage),
                Touchpoint = _engine.TouchpointId(t.Touchpoint),
                Channel = extras?.Channel ?? _engine.Definition.Touchpoints[t.Touchpoint].Channel,
                OccurredAt = At(t.Ticks),
                Value = extras?.Value,
                Segment = extras?.Segment,
                Properties = extras?.Properties,
                Journey = this,
            })
            : _engine.Fire(_stage, t.Touchpoint, default);
        switch (step.Outcome)
        {
            case FireOutcome.Transitioned or FireOutcome.Reentered:
                Enter(step.To, t.Ticks, VisitCause.Touch, index);
                t.Outcome = TrackOutcome.Advanced;
                break;
            case FireOutcome.Internal:
                t.Outcome = TrackOutcome.Stayed;
                break;
            default:
                t.Outcome = TrackOutcome.Ignored;
                break;
        }

        to = _stage;
        _lastActivity = t.Ticks;
        if (extras is not null)
        {
            var rare = _rare ??= new Rare();
            rare.TotalValue += extras.Value ?? 0;
            rare.Segment = extras.Segment ?? rare.Segment;
        }

        return step.Outcome;
    }

    private void ApplyInactivity(long until)
    {
        for (var guard = 0; guard <= _engine.StageCount; guard++)
        {
            if (!_engine.TryGetInactivityRule(_stage, out var target, out var after))
            {
                return;
            }

            var lapseAt = _lastActivity + after;
            if (lapseAt > until || lapseAt < _lastActivity)
            {
                return;
            }

            Enter(target, lapseAt, VisitCause.Inactivity, -1);
        }
    }

    private void Enter(int stage, long ticks, VisitCause cause, int touch)
    {
        if (_visitCount == _visits.Length)
        {
            Array.Resize(ref _visits, Math.Max(4, _visitCount * 2));
        }

        var reference = cause == VisitCause.Inactivity ? (_rare ??= new Rare()).AddLapse(ticks) : touch;
        _visits[_visitCount++] = new Visit { Ref = reference, Stage = (ushort)stage, Cause = cause };
        _stage = stage;
        _lastActivity = ticks;
        if (_engine.IsGoalIndex(stage))
        {
            _conversions++;
            if (_convertedAt == long.MinValue)
            {
                _convertedAt = ticks;
            }
        }
    }
}
