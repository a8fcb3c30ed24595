namespace CustomerJourney.Analytics;

/// <summary>A path and how many journeys followed it exactly.</summary>
/// <param name="Path">The stages (or touchpoints), in order.</param>
/// <param name="Count">Journeys with exactly this path.</param>
/// <param name="Share">Count / journeys analysed.</param>
public sealed record PathCount(IReadOnlyList<string> Path, long Count, double Share);
