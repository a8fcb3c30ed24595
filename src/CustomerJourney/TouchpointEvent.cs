namespace CustomerJourney;

/// <summary>A touchpoint event fed by the host application: a customer touched a touchpoint at a time.</summary>
/// <remarks>
/// The constructor takes the four essentials; everything else is an optional <see langword="init"/> property:
/// <code>
/// var e = new TouchpointEvent("e-1", "ann", "web-shop-checkout", now) { Channel = "web-shop", Value = 59.90m };
/// </code>
/// </remarks>
public sealed record TouchpointEvent
{
    /// <summary>Creates an event from its four essentials; set the optional properties with an object initialiser.</summary>
    /// <param name="eventId">The event's identifier, unique per customer.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="touchpoint">The touchpoint's identifier in the journey definition.</param>
    /// <param name="occurredAt">When the touch happened.</param>
    public TouchpointEvent(string eventId, string customerId, string touchpoint, DateTimeOffset occurredAt)
    {
        EventId = eventId;
        CustomerId = customerId;
        Touchpoint = touchpoint;
        OccurredAt = occurredAt;
    }

    /// <summary>The event's identifier, unique per customer; a repeated id is a duplicate and changes nothing.</summary>
    public string EventId { get; init; }

    /// <summary>The customer.</summary>
    public string CustomerId { get; init; }

    /// <summary>The touchpoint's identifier in the journey definition.</summary>
    public string Touchpoint { get; init; }

    /// <summary>When the touch happened.</summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>The channel, when it differs from the touchpoint's own; <see langword="null"/> (the default) for the touchpoint's own.</summary>
    public string? Channel { get; init; }

    /// <summary>A monetary value (revenue), when the touch carries one; <see langword="null"/> by default.</summary>
    public decimal? Value { get; init; }

    /// <summary>The customer's segment (intent segment, persona), when known; <see langword="null"/> by default.</summary>
    public string? Segment { get; init; }

    /// <summary>A small bag of extra properties, visible to guards; <see langword="null"/> by default.</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>
    /// Another id of the same customer that the event carries besides <see cref="CustomerId"/> (for example the cookie or
    /// device id of a sign-up or login event), or <see langword="null"/> (the default). Trackers link it to
    /// <see cref="CustomerId"/> before tracking the event, which merges both ids' journeys (see <c>docs/identity.md</c>).
    /// Stores keep the link, not this field.
    /// </summary>
    public string? AnonymousId { get; init; }
}
