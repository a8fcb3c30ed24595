namespace CustomerJourney;

/// <summary>Identifies one journey: a customer on a journey definition.</summary>
/// <param name="DefinitionName">The journey definition's name.</param>
/// <param name="CustomerId">The customer.</param>
public readonly record struct JourneyKey(string DefinitionName, string CustomerId);
