namespace CustomerJourney.Analytics;

/// <summary>Options of <see cref="FunnelAnalysis"/>.</summary>
/// <param name="Window">When set, a stage only counts as reached within this time of entering the funnel's first stage (per pass, of that pass's entry).</param>
/// <param name="Filter">Which journeys to count; all when <see langword="null"/>.</param>
/// <param name="MaxPasses">How many passes the per-pass funnel reports (passes beyond are not broken down); at least 1.</param>
/// <param name="GoalStage">
/// The funnel stage conversion is measured to; when <see langword="null"/>, the first of the funnel's stages that is a goal
/// stage of the journeys' definition, or the funnel's last stage when none is.
/// </param>
public sealed record FunnelOptions(TimeSpan? Window = null, JourneyFilter? Filter = null, int MaxPasses = 5, string? GoalStage = null);
