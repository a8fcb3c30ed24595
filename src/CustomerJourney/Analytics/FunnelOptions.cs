namespace CustomerJourney.Analytics;

/// <summary>Options of <see cref="FunnelAnalysis"/>. A <see langword="null"/> options argument means these defaults.</summary>
public sealed class FunnelOptions
{
    /// <summary>
    /// When set, a stage only counts as reached within this time of entering the funnel's first stage (per pass, of that
    /// pass's entry); not negative (zero counts only stages reached at that same instant). <see langword="null"/> (the default) counts stages reached at any time.
    /// </summary>
    public TimeSpan? Window { get; set; }

    /// <summary>Which journeys to count; <see langword="null"/> (the default) counts all (<see cref="JourneyFilter.All"/>).</summary>
    public JourneyFilter? Filter { get; set; }

    /// <summary>How many passes the per-pass funnel reports (passes beyond are not broken down); at least 1. Default 5.</summary>
    public int MaxPasses { get; set; } = 5;

    /// <summary>
    /// The funnel stage conversion is measured to; when <see langword="null"/> (the default), the first of the funnel's
    /// stages that is a goal stage of the journeys' definition, or the funnel's last stage when none is.
    /// </summary>
    public string? GoalStage { get; set; }

    /// <summary>Every problem with these options (empty when they are valid).</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Window is { } window && window < TimeSpan.Zero)
        {
            problems.Add($"Window must not be negative, not {window}.");
        }

        if (MaxPasses < 1)
        {
            problems.Add($"MaxPasses must be at least 1, not {MaxPasses}.");
        }

        if (GoalStage is not null && string.IsNullOrWhiteSpace(GoalStage))
        {
            problems.Add("GoalStage must not be empty or white space when set.");
        }

        return problems;
    }

    internal FunnelOptions Copy() => new() { Window = Window, Filter = Filter, MaxPasses = MaxPasses, GoalStage = GoalStage };
}
