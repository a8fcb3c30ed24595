namespace CustomerJourney.Acting;

/// <summary>A transition owed to one handler, as the delivery log holds it. Delivered ones are removed.</summary>
/// <param name="Id">The log's id of the delivery (what <c>journey deliveries --retry</c> takes).</param>
/// <param name="Handler">The handler's registered name.</param>
/// <param name="Transition">The transition, with its <see cref="JourneyTransition.DeliveryId"/> and the number of the next <see cref="JourneyTransition.Attempt"/>.</param>
/// <param name="State">Pending or parked.</param>
/// <param name="Attempts">The attempts made so far.</param>
/// <param name="NextAttemptAt">When the next attempt is due (for a parked delivery: when it was parked).</param>
/// <param name="LastError">The last attempt's error, if it failed.</param>
public sealed record JourneyDelivery(long Id, string Handler, JourneyTransition Transition, DeliveryState State, int Attempts, DateTimeOffset NextAttemptAt, string? LastError);
