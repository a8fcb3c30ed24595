namespace CustomerJourney.Analytics;

/// <summary>A flow between two stages (a Sankey link): how many times customers moved from one to the other.</summary>
/// <param name="From">The stage left.</param>
/// <param name="To">The stage entered.</param>
/// <param name="Count">Moves, over all journeys (a customer moving twice counts twice).</param>
public sealed record StageFlow(string From, string To, long Count);
