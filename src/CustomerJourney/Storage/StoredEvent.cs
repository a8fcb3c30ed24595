namespace CustomerJourney.Storage;

/// <summary>An event as the store's log holds it: where it stands in the log, whose journey it belongs to and its place in that journey.</summary>
/// <param name="Position">The event's position in the store's log: positive, unique and increasing in commit order; never reused (positions of erased events stay unused; gaps are allowed).</param>
/// <param name="Key">The journey the event was appended to.</param>
/// <param name="Sequence">The event's 1-based sequence number within its journey (the journey's version right after it).</param>
/// <param name="Event">The event.</param>
public sealed record StoredEvent(long Position, JourneyKey Key, long Sequence, TouchpointEvent Event);
