namespace CustomerJourney;

/// <summary>A touchpoint event fed by the host application: a customer touched a touchpoint at a time.</summary>
/// <param name="EventId">The event's identifier, unique per customer; a repeated id is a duplicate and changes nothing.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Touchpoint">The touchpoint's identifier in the journey definition.</param>
/// <param name="OccurredAt">When the touch happened.</param>
/// <param name="Channel">The channel, when it differs from the touchpoint's own.</param>
/// <param name="Value">A monetary value (revenue), when the touch carries one.</param>
/// <param name="Segment">The customer's segment (intent segment, persona), when known.</param>
/// <param name="Properties">A small bag of extra properties, visible to guards.</param>
public sealed record TouchpointEvent(
    string EventId,
    string CustomerId,
    string Touchpoint,
    DateTimeOffset OccurredAt,
    string? Channel = null,
    decimal? Value = null,
    string? Segment = null,
    IReadOnlyDictionary<string, string>? Properties = null)
{
    /// <summary>
    /// Another id of the same customer that the event carries besides <see cref="CustomerId"/> (for example the cookie or
    /// device id of a sign-up or login event), or <see langword="null"/>. Trackers link it to <see cref="CustomerId"/>
    /// before tracking the event, which merges both ids' journeys (see <c>docs/identity.md</c>). Stores keep the link,
    /// not this field.
    /// </summary>
    public string? AnonymousId { get; init; }
}
