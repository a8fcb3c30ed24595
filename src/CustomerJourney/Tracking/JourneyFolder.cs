using CustomerJourney.Engine;

namespace CustomerJourney.Tracking;

/// <summary>Folds stored events into journeys: the reference semantics of a journey.</summary>
public static class JourneyFolder
{
    /// <summary>
    /// Folds events into a journey in time order (occurred-at, then event id), skipping repeated event ids and events
    /// whose touchpoint the definition does not know; an inactivity marker (<see cref="Acting.InactivityMarker"/>) applies the
    /// lapses due by its time. This is what a journey is, whatever order events arrived in.
    /// </summary>
    /// <param name="engine">The compiled definition.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="events">The customer's events, in any order.</param>
    /// <returns>The journey.</returns>
    public static Journey Fold(JourneyEngine engine, string customerId, IEnumerable<TouchpointEvent> events)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(events);
        var journey = new Journey(engine, customerId);
        FoldInto(journey, events, engine);
        return journey;
    }

    internal static void FoldInto(Journey journey, IEnumerable<TouchpointEvent> events, JourneyEngine engine)
    {
        // stored events usually come in time order already (appended as they were tracked): fold them without sorting
        if (events is IReadOnlyList<TouchpointEvent> list && IsInFoldOrder(list))
        {
            for (var i = 0; i < list.Count; i++)
            {
                Apply(journey, list[i], engine);
            }

            return;
        }

        var ordered = events
            .OrderBy(e => e.OccurredAt.UtcTicks)
            .ThenBy(e => e.EventId, StringComparer.Ordinal);
        foreach (var e in ordered)
        {
            Apply(journey, e, engine);
        }
    }

    private static void Apply(Journey journey, TouchpointEvent e, JourneyEngine engine)
    {
        if (!string.Equals(e.CustomerId, journey.CustomerId, StringComparison.Ordinal))
        {
            return;
        }

        if (Acting.InactivityMarker.IsMarker(e))
        {
            journey.ApplyMarker(e.OccurredAt.UtcTicks); // an applied lapse: the journey's clock reached its due time
        }
        else if (!journey.ContainsEvent(e.EventId) && engine.TryGetTouchpointIndex(e.Touchpoint, out var touchpoint))
        {
            journey.Record(e, touchpoint);
        }
    }

    /// <summary>Whether <paramref name="events"/> are already in time order (occurred-at, then event id, ordinal), as the sort would put them.</summary>
    private static bool IsInFoldOrder(IReadOnlyList<TouchpointEvent> events)
    {
        for (var i = 1; i < events.Count; i++)
        {
            var previous = events[i - 1];
            var current = events[i];
            var byTime = previous.OccurredAt.UtcTicks.CompareTo(current.OccurredAt.UtcTicks);
            if (byTime > 0 || (byTime == 0 && string.CompareOrdinal(previous.EventId, current.EventId) > 0))
            {
                return false;
            }
        }

        return true;
    }
}
