namespace CustomerJourney.Tracking;

/// <summary>The outcome of tracking one event.</summary>
public readonly record struct TrackResult
{
    /// <summary>What happened.</summary>
    public required TrackOutcome Outcome { get; init; }

    /// <summary>The event.</summary>
    public required string EventId { get; init; }

    /// <summary>The customer.</summary>
    public required string CustomerId { get; init; }

    /// <summary>The stage before the event (for a late event: the stage at its place in time), if known; otherwise <see langword="null"/> (the default).</summary>
    public string? From { get; init; }

    /// <summary>The stage after the event, if known; otherwise <see langword="null"/> (the default).</summary>
    public string? To { get; init; }

    /// <summary>The journey's version after the event (the number of recorded touches).</summary>
    public required long Version { get; init; }

    /// <summary>Why the event was rejected (or, for an ignored touch with <see cref="EventErrorCodes.AmbiguousTransition"/>, why it moved nothing), or <see langword="null"/> (the default).</summary>
    public string? Reason { get; init; }

    /// <summary>A stable code for the reason (see <see cref="EventErrorCodes"/>), or <see langword="null"/> (the default).</summary>
    public string? ReasonCode { get; init; }

    /// <summary>Whether the event was recorded as a touch (advanced, stayed or ignored).</summary>
    public bool IsRecorded => Outcome is TrackOutcome.Advanced or TrackOutcome.Stayed or TrackOutcome.Ignored;
}
