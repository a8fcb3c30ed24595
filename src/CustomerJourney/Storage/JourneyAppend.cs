namespace CustomerJourney.Storage;

/// <summary>One journey's part of a batch append.</summary>
public sealed record JourneyAppend
{
    /// <summary>The journey.</summary>
    public required JourneyKey Key { get; init; }

    /// <summary>The version the caller last saw.</summary>
    public required long ExpectedVersion { get; init; }

    /// <summary>The events to append.</summary>
    public required IReadOnlyList<TouchpointEvent> Events { get; init; }
}
