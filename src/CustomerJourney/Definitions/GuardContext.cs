namespace CustomerJourney.Definitions;

/// <summary>What a named guard sees when a touchpoint is fired: the event and the journey it applies to.</summary>
public readonly record struct GuardContext
{
    /// <summary>The customer.</summary>
    public required string CustomerId { get; init; }

    /// <summary>The stage the customer is in.</summary>
    public required string Stage { get; init; }

    /// <summary>The touchpoint being fired.</summary>
    public required string Touchpoint { get; init; }

    /// <summary>The channel of the touch.</summary>
    public required string Channel { get; init; }

    /// <summary>When the touch happened.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The touch's monetary value; <see langword="null"/> (the default) when it has none.</summary>
    public decimal? Value { get; init; }

    /// <summary>The customer's segment; <see langword="null"/> (the default) when not known.</summary>
    public string? Segment { get; init; }

    /// <summary>Extra properties of the touch; <see langword="null"/> (the default) when it has none.</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>Facts about the journey so far; <see langword="null"/> (the default) when not available.</summary>
    public IJourneyFacts? Journey { get; init; }
}
