namespace CustomerJourney.Reporting;

/// <summary>How many customers ever entered a stage, and how many are in it now.</summary>
/// <param name="Stage">The stage id.</param>
/// <param name="Reached">Customers who entered it at least once.</param>
/// <param name="Current">Customers in it at the report's time.</param>
public sealed record StageCount(string Stage, long Reached, long Current);
