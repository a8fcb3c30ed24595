namespace CustomerJourney.Analytics;

/// <summary>Time spent in one stage: a Kaplan–Meier curve over every stay, open stays censored at "now".</summary>
public sealed record StageTime
{
    /// <summary>The stage.</summary>
    public required string Stage { get; init; }

    /// <summary>The curve (median, p90, mean, points).</summary>
    public required SurvivalCurve Time { get; init; }
}
