namespace CustomerJourney.Analytics;

/// <summary>A path and how many journeys followed it exactly.</summary>
public sealed record PathCount
{
    /// <summary>The stages (or touchpoints), in order.</summary>
    public required IReadOnlyList<string> Path { get; init; }

    /// <summary>Journeys with exactly this path.</summary>
    public required long Count { get; init; }

    /// <summary>Count / journeys analysed.</summary>
    public required double Share { get; init; }
}
