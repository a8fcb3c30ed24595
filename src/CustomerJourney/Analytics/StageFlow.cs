namespace CustomerJourney.Analytics;

/// <summary>A flow between two stages (a Sankey link): how many times customers moved from one to the other.</summary>
public sealed record StageFlow
{
    /// <summary>The stage left.</summary>
    public required string From { get; init; }

    /// <summary>The stage entered.</summary>
    public required string To { get; init; }

    /// <summary>Moves, over all journeys (a customer moving twice counts twice).</summary>
    public required long Count { get; init; }
}
