namespace CustomerJourney.Analytics;

/// <summary>The result of <see cref="FunnelAnalysis"/>.</summary>
/// <param name="Journeys">The journeys analysed (after the filter).</param>
/// <param name="Steps">The funnel, one step per stage in order; counts never increase.</param>
/// <param name="Passes">The funnel per pass through the first stage, up to <see cref="FunnelOptions.MaxPasses"/>.</param>
/// <param name="PassesBeforeGoal">For customers who reached a goal stage: how many times they had entered the funnel's first stage by their first goal entry, to how many customers.</param>
/// <param name="VisitsBeforeGoal">For customers who reached a goal stage: how many stage entries (any stage) came before their first goal entry, to how many customers.</param>
public sealed record FunnelReport(
    long Journeys,
    IReadOnlyList<FunnelStep> Steps,
    IReadOnlyList<FunnelPass> Passes,
    IReadOnlyDictionary<int, long> PassesBeforeGoal,
    IReadOnlyDictionary<int, long> VisitsBeforeGoal);
