namespace CustomerJourney.Tracking;

/// <summary>A recorded touch: every accepted event, whether or not it moved the customer (it matters for attribution).</summary>
/// <param name="EventId">The event's identifier.</param>
/// <param name="Touchpoint">The touchpoint.</param>
/// <param name="Channel">The channel (the event's override, or the touchpoint's own).</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Outcome">What it did when folded in time order: advanced, stayed or ignored.</param>
/// <param name="Value">Its monetary value, if any.</param>
/// <param name="Segment">The segment the event carried, if any.</param>
/// <param name="Properties">Its property bag, if any.</param>
public sealed record JourneyTouch(
    string EventId,
    string Touchpoint,
    string Channel,
    DateTimeOffset OccurredAt,
    TrackOutcome Outcome,
    decimal? Value,
    string? Segment,
    IReadOnlyDictionary<string, string>? Properties);
