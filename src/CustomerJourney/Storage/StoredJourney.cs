
namespace CustomerJourney.Storage;

/// <summary>A journey as a store holds it: its events, in the order they were appended, and its version.</summary>
/// <param name="Key">The journey.</param>
/// <param name="Version">The number of stored events; the expected version of the next append.</param>
/// <param name="Events">The stored events, in append order.</param>
public sealed record StoredJourney(JourneyKey Key, long Version, IReadOnlyList<TouchpointEvent> Events);
