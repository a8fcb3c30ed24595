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
        var ordered = events
            .Where(e => string.Equals(e.CustomerId, journey.CustomerId, StringComparison.Ordinal))
            .OrderBy(e => e.OccurredAt.UtcTicks)
            .ThenBy(e => e.EventId, StringComparer.Ordinal);
        foreach (var e in ordered)
        {
            if (Acting.InactivityMarker.IsMarker(e))
            {
                journey.ApplyMarker(e.OccurredAt.UtcTicks); // an applied lapse: the journey's clock reached its due time
            }
            else if (!journey.ContainsEvent(e.EventId) && engine.TryGetTouchpointIndex(e.Touchpoint, out var touchpoint))
            {
                journey.Record(e, touchpoint);
            }
        }
    }
}
