namespace CustomerJourney.Tracking;

/// <summary>A recorded touch: every accepted event, whether or not it moved the customer (it matters for attribution).</summary>
/// <remarks>A small value read from a journey through <see cref="Journey.Touches"/>; reading one allocates nothing.</remarks>
public readonly record struct JourneyTouch
{
    /// <summary>The event's identifier.</summary>
    public required string EventId { get; init; }

    /// <summary>The touchpoint.</summary>
    public required string Touchpoint { get; init; }

    /// <summary>The channel (the event's override, or the touchpoint's own).</summary>
    public required string Channel { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>What it did when folded in time order: advanced, stayed or ignored.</summary>
    public required TrackOutcome Outcome { get; init; }

    /// <summary>Its monetary value, if any; <see langword="null"/> (the default) otherwise.</summary>
    public decimal? Value { get; init; }

    /// <summary>The segment the event carried, if any; <see langword="null"/> (the default) otherwise.</summary>
    public string? Segment { get; init; }

    /// <summary>Its property bag, if any; <see langword="null"/> (the default) otherwise.</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }
}
