namespace CustomerJourney.Acting;

/// <summary>How much work a delivery log holds.</summary>
public readonly record struct DeliveryCounts
{
    /// <summary>Deliveries waiting for an attempt.</summary>
    public required long Pending { get; init; }

    /// <summary>Deliveries parked after their last allowed attempt.</summary>
    public required long Parked { get; init; }

    /// <summary>The position in the store's log up to which transitions have been derived.</summary>
    public required long Checkpoint { get; init; }

    /// <summary>The earliest due lapse; <see langword="null"/> (the default) when no lapse is due.</summary>
    public DateTimeOffset? OldestTimer { get; init; }
}
