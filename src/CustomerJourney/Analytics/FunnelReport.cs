namespace CustomerJourney.Analytics;

/// <summary>The result of <see cref="FunnelAnalysis"/>.</summary>
public sealed record FunnelReport
{
    /// <summary>The journeys analysed (after the filter).</summary>
    public required long Journeys { get; init; }

    /// <summary>The funnel, one step per stage in order; counts never increase.</summary>
    public required IReadOnlyList<FunnelStep> Steps { get; init; }

    /// <summary>The funnel per pass through the first stage, up to <see cref="FunnelOptions.MaxPasses"/>.</summary>
    public required IReadOnlyList<FunnelPass> Passes { get; init; }

    /// <summary>For customers who reached a goal stage: how many times they had entered the funnel's first stage by their first goal entry, to how many customers.</summary>
    public required IReadOnlyDictionary<int, long> PassesBeforeGoal { get; init; }

    /// <summary>For customers who reached a goal stage: how many stage entries (any stage) came before their first goal entry, to how many customers.</summary>
    public required IReadOnlyDictionary<int, long> VisitsBeforeGoal { get; init; }

    /// <summary>
    /// The index in <see cref="Steps"/> of the stage conversion is measured to: <see cref="FunnelOptions.GoalStage"/> when set, otherwise
    /// the first goal stage of the funnel, otherwise its last stage.
    /// </summary>
    public required int GoalStep { get; init; }

    /// <summary>Customers who reached the goal step / customers who entered the first step; 0 when none entered.</summary>
    public double Conversion => Steps.Count == 0 || Steps[0].Customers == 0 ? 0 : (double)Steps[GoalStep].Customers / Steps[0].Customers;
}
