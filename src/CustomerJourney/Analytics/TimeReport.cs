namespace CustomerJourney.Analytics;

/// <summary>The result of <see cref="TimeAnalysis"/>.</summary>
public sealed record TimeReport
{
    /// <summary>Time spent per stage, for every stage with at least one stay, in the definition's stage order.</summary>
    public required IReadOnlyList<StageTime> Stages { get; init; }

    /// <summary>Time from the journey's start to its first goal entry; journeys not converted are censored at "now".</summary>
    public required SurvivalCurve TimeToConvert { get; init; }
}
