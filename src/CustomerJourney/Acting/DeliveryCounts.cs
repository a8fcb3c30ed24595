namespace CustomerJourney.Acting;

/// <summary>How much work a delivery log holds.</summary>
/// <param name="Pending">Deliveries waiting for an attempt.</param>
/// <param name="Parked">Deliveries parked after their last allowed attempt.</param>
/// <param name="Checkpoint">The position in the store's log up to which transitions have been derived.</param>
/// <param name="OldestTimer">The earliest due lapse, if any.</param>
public readonly record struct DeliveryCounts(long Pending, long Parked, long Checkpoint, DateTimeOffset? OldestTimer);
