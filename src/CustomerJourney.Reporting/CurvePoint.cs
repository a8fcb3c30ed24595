namespace CustomerJourney.Reporting;

/// <summary>A point of a survival curve.</summary>
/// <param name="Days">Time since the start, in days.</param>
/// <param name="Survival">The share of customers for whom the event has not happened by then.</param>
public sealed record CurvePoint(double Days, double Survival);
