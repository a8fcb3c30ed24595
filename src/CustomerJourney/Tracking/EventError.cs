namespace CustomerJourney.Tracking;

/// <summary>
/// One rule a touchpoint event breaks, as <see cref="IJourneyTracker.Validate(TouchpointEvent)"/> reports it: a stable code,
/// the event's property it concerns and a message.
/// </summary>
public sealed record EventError
{
    /// <summary>A stable code naming the rule: one of <see cref="EventErrorCodes"/>, as in <see cref="TrackResult.ReasonCode"/>.</summary>
    public required string Code { get; init; }

    /// <summary>The name of the <see cref="TouchpointEvent"/> property the error concerns, e.g. <c>CustomerId</c> or <c>Value</c>.</summary>
    public required string Property { get; init; }

    /// <summary>What is wrong, naming the event by its id.</summary>
    public required string Message { get; init; }

    /// <summary>The error in one line: <c>CODE PROPERTY: MESSAGE</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => $"{Code} {Property}: {Message}";
}
