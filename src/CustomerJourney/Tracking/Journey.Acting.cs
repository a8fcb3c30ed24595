namespace CustomerJourney.Tracking;

/// <summary>What acting on journeys needs of a journey: its current visit's identity, its next lapse and applied lapse markers.</summary>
public sealed partial class Journey
{
    private int _markers; // applied inactivity markers: stored events that are not touches

    /// <summary>The number of events the store holds for this journey: touches plus applied inactivity markers.</summary>
    internal long StoredVersion => _touchCount + _markers;

    /// <summary>Applies a stored inactivity marker: the journey's clock reached <paramref name="ticks"/>.</summary>
    internal void ApplyMarker(long ticks)
    {
        _markers++;
        Advance(ticks);
    }

    /// <summary>The identity of the current visit (stage, entry time, cause and entering event), or <see langword="null"/> before any touch.</summary>
    internal CurrentVisit? Current
    {
        get
        {
            if (_visitCount == 0)
            {
                return null;
            }

            ref readonly var v = ref _visits[_visitCount - 1];
            if (v.Cause == VisitCause.Inactivity)
            {
                return new CurrentVisit(v.Stage, _rare!.Lapses[v.Ref], true, null, -1);
            }

            ref readonly var t = ref _touches[v.Ref];
            // a journey's first visit starts in the start stage; when the first touch moved on at once, the visit that counts is the later one
            return new CurrentVisit(v.Stage, t.Ticks, false, t.EventId, v.Ref);
        }
    }

    /// <summary>The touchpoint id and channel of the touch at <paramref name="index"/>.</summary>
    internal (string Touchpoint, string Channel) TouchInfo(int index) =>
        (_engine.TouchpointId(_touches[index].Touchpoint), ChannelOf(in _touches[index]));

    /// <summary>When the current stage's inactivity rule lapses if no touch comes first, or <see langword="null"/> when it has none.</summary>
    internal long? NextLapseTicks
    {
        get
        {
            if (_visitCount == 0 || !_engine.TryGetInactivityRule(_stage, out _, out var after))
            {
                return null;
            }

            var due = _lastActivity + after;
            return due < _lastActivity ? null : due;
        }
    }

    /// <summary>The identity of a journey's current visit.</summary>
    /// <param name="Stage">The stage index.</param>
    /// <param name="Ticks">When it was entered (UTC ticks).</param>
    /// <param name="Lapse">Whether an inactivity lapse entered it.</param>
    /// <param name="EventId">The touch that entered it, for a touch.</param>
    /// <param name="Touch">That touch's index, for a touch (not part of the identity: indexes shift when late touches arrive).</param>
    internal readonly record struct CurrentVisit(int Stage, long Ticks, bool Lapse, string? EventId, int Touch)
    {
        public bool SameAs(CurrentVisit other) =>
            Stage == other.Stage && Ticks == other.Ticks && Lapse == other.Lapse && string.Equals(EventId, other.EventId, StringComparison.Ordinal);
    }
}
