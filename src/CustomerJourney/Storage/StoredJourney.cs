namespace CustomerJourney.Storage;

/// <summary>A journey as a store holds it: its events, in the order they were appended, and its version.</summary>
public sealed record StoredJourney
{
    /// <summary>The journey.</summary>
    public required JourneyKey Key { get; init; }

    /// <summary>The number of stored events; the expected version of the next append.</summary>
    public required long Version { get; init; }

    /// <summary>The stored events, in append order.</summary>
    public required IReadOnlyList<TouchpointEvent> Events { get; init; }
}
