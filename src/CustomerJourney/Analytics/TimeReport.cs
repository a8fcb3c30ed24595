namespace CustomerJourney.Analytics;

/// <summary>The result of <see cref="TimeAnalysis"/>.</summary>
/// <param name="Stages">Time spent per stage, for every stage with at least one stay, in the definition's stage order.</param>
/// <param name="TimeToConvert">Time from the journey's start to its first goal entry; journeys not converted are censored at "now".</param>
public sealed record TimeReport(IReadOnlyList<StageTime> Stages, SurvivalCurve TimeToConvert);
