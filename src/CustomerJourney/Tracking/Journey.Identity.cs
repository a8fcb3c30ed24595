namespace CustomerJourney.Tracking;

public sealed partial class Journey
{
    /// <summary>The recorded touches as events of <paramref name="customerId"/>, in time order: what re-folds this journey.</summary>
    internal IEnumerable<TouchpointEvent> RecordedEvents(string customerId)
    {
        for (var i = 0; i < _touchCount; i++)
        {
            var t = _touches[i];
            var extras = t.Extras;
            yield return new TouchpointEvent(t.EventId, customerId, _engine.TouchpointId(t.Touchpoint), At(t.Ticks))
            {
                Channel = extras?.Channel,
                Value = extras?.Value,
                Segment = extras?.Segment,
                Properties = extras?.Properties,
            };
        }
    }

    /// <summary>
    /// The journey of <paramref name="customerId"/> holding the touches of both journeys (either may be
    /// <see langword="null"/>), re-folded in time order; an event id in both counts once. Inactivity is applied up to the
    /// later of the two journeys' advance times.
    /// </summary>
    internal static Journey Merge(Engine.JourneyEngine engine, string customerId, Journey? first, Journey? second)
    {
        var merged = new Journey(engine, customerId);
        var events = (first?.RecordedEvents(customerId) ?? []).Concat(second?.RecordedEvents(customerId) ?? []);
        JourneyFolder.FoldInto(merged, events, engine);
        var advancedTo = Math.Max(first?._advancedTo ?? 0, second?._advancedTo ?? 0);
        if (advancedTo > 0)
        {
            merged.Advance(advancedTo);
        }

        return merged;
    }
}
