namespace CustomerJourney.Analytics;

/// <summary>The result of <see cref="FunnelAnalysis"/>.</summary>
/// <param name="Journeys">The journeys analysed (after the filter).</param>
/// <param name="Steps">The funnel, one step per stage in order; counts never increase.</param>
/// <param name="Passes">The funnel per pass through the first stage, up to <see cref="FunnelOptions.MaxPasses"/>.</param>
/// <param name="PassesBeforeGoal">For customers who reached a goal stage: how many times they had entered the funnel's first stage by their first goal entry, to how many customers.</param>
/// <param name="VisitsBeforeGoal">For customers who reached a goal stage: how many stage entries (any stage) came before their first goal entry, to how many customers.</param>
/// <param name="GoalStep">
/// The index in <paramref name="Steps"/> of the stage conversion is measured to: <see cref="FunnelOptions.GoalStage"/> when set, otherwise
/// the first goal stage of the funnel, otherwise its last stage.
/// </param>
public sealed record FunnelReport(
    long Journeys,
    IReadOnlyList<FunnelStep> Steps,
    IReadOnlyList<FunnelPass> Passes,
    IReadOnlyDictionary<int, long> PassesBeforeGoal,
    IReadOnlyDictionary<int, long> VisitsBeforeGoal,
    int GoalStep)
{
    /// <summary>Customers who reached the goal step / customers who entered the first step; 0 when none entered.</summary>
    public double Conversion => Steps.Count == 0 || Steps[0].Customers == 0 ? 0 : (double)Steps[GoalStep].Customers / Steps[0].Customers;
}
