namespace CustomerJourney.Storage;

/// <summary>An event as the store's log holds it: where it stands in the log, whose journey it belongs to and its place in that journey.</summary>
public sealed record StoredEvent
{
    /// <summary>The event's position in the store's log: positive, unique and increasing in commit order; never reused (positions of erased events stay unused; gaps are allowed).</summary>
    public required long Position { get; init; }

    /// <summary>The journey the event was appended to.</summary>
    public required JourneyKey Key { get; init; }

    /// <summary>The event's 1-based sequence number within its journey (the journey's version right after it).</summary>
    public required long Sequence { get; init; }

    /// <summary>The event.</summary>
    public required TouchpointEvent Event { get; init; }
}
