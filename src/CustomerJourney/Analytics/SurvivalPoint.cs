namespace CustomerJourney.Analytics;

/// <summary>One step of a Kaplan–Meier curve, at a distinct observed time.</summary>
/// <param name="Time">The time.</param>
/// <param name="AtRisk">Observations with duration at least <paramref name="Time"/> (n<sub>i</sub>).</param>
/// <param name="Events">Observed events at <paramref name="Time"/> (d<sub>i</sub>).</param>
/// <param name="Censored">Censored observations at <paramref name="Time"/>.</param>
/// <param name="Survival">S(t) = ∏ (1 − d<sub>j</sub>/n<sub>j</sub>) over times up to and including <paramref name="Time"/>.</param>
public readonly record struct SurvivalPoint(TimeSpan Time, long AtRisk, long Events, long Censored, double Survival);
