namespace CustomerJourney.Acting;

/// <summary>A transition to record as owed to a handler.</summary>
public readonly record struct NewDelivery
{
    /// <summary>The handler's registered name.</summary>
    public required string Handler { get; init; }

    /// <summary>The transition.</summary>
    public required JourneyTransition Transition { get; init; }
}
