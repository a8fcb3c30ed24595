namespace CustomerJourney.Acting;

/// <summary>A transition owed to one handler, as the delivery log holds it. Delivered ones are removed.</summary>
public sealed record JourneyDelivery
{
    /// <summary>The log's id of the delivery (what <c>journey deliveries --retry</c> takes).</summary>
    public required long Id { get; init; }

    /// <summary>The handler's registered name.</summary>
    public required string Handler { get; init; }

    /// <summary>The transition, with its <see cref="JourneyTransition.DeliveryId"/> and the number of the next <see cref="JourneyTransition.Attempt"/>.</summary>
    public required JourneyTransition Transition { get; init; }

    /// <summary>Pending or parked.</summary>
    public required DeliveryState State { get; init; }

    /// <summary>The attempts made so far.</summary>
    public required int Attempts { get; init; }

    /// <summary>When the next attempt is due (for a parked delivery: when it was parked).</summary>
    public required DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>The last attempt's error, if it failed; <see langword="null"/> (the default) otherwise.</summary>
    public string? LastError { get; init; }
}
