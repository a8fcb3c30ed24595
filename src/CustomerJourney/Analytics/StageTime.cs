namespace CustomerJourney.Analytics;

/// <summary>Time spent in one stage: a Kaplan–Meier curve over every stay, open stays censored at "now".</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Time">The curve (median, p90, mean, points).</param>
public sealed record StageTime(string Stage, SurvivalCurve Time);
