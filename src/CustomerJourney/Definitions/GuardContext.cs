namespace CustomerJourney.Definitions;

/// <summary>What a named guard sees when a touchpoint is fired: the event and the journey it applies to.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Stage">The stage the customer is in.</param>
/// <param name="Touchpoint">The touchpoint being fired.</param>
/// <param name="Channel">The channel of the touch.</param>
/// <param name="OccurredAt">When the touch happened.</param>
/// <param name="Value">The touch's monetary value, if any.</param>
/// <param name="Segment">The customer's segment, if known.</param>
/// <param name="Properties">Extra properties of the touch, if any.</param>
/// <param name="Journey">Facts about the journey so far, if available.</param>
public readonly record struct GuardContext(
    string CustomerId,
    string Stage,
    string Touchpoint,
    string Channel,
    DateTimeOffset OccurredAt,
    decimal? Value = null,
    string? Segment = null,
    IReadOnlyDictionary<string, string>? Properties = null,
    IJourneyFacts? Journey = null);
