namespace CustomerJourney.Acting;

/// <summary>A transition to record as owed to a handler.</summary>
/// <param name="Handler">The handler's registered name.</param>
/// <param name="Transition">The transition.</param>
public readonly record struct NewDelivery(string Handler, JourneyTransition Transition);
