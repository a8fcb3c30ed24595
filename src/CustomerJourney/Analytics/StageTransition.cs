namespace CustomerJourney.Analytics;

/// <summary>An observed transition between stages and its empirical probability.</summary>
public sealed record StageTransition
{
    /// <summary>The stage left.</summary>
    public required string From { get; init; }

    /// <summary>The stage entered next (may equal <see cref="From"/> on a re-entry).</summary>
    public required string To { get; init; }

    /// <summary>How many times it was observed.</summary>
    public required long Count { get; init; }

    /// <summary>Count / all transitions observed out of <see cref="From"/>.</summary>
    public required double Probability { get; init; }
}
