
namespace CustomerJourney.Storage;

/// <summary>One journey's part of a batch append.</summary>
/// <param name="Key">The journey.</param>
/// <param name="ExpectedVersion">The version the caller last saw.</param>
/// <param name="Events">The events to append.</param>
public sealed record JourneyAppend(JourneyKey Key, long ExpectedVersion, IReadOnlyList<TouchpointEvent> Events);
