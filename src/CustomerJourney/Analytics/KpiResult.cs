using CustomerJourney.Definitions;

namespace CustomerJourney.Analytics;

/// <summary>One KPI of a touchpoint, its target and what was measured.</summary>
public sealed record KpiResult
{
    /// <summary>The KPI with its target.</summary>
    public required KpiDefinition Kpi { get; init; }

    /// <summary>The measured value; <see langword="null"/> when not measured.</summary>
    public required decimal? Measured { get; init; }

    /// <summary>Met, missed or not measured.</summary>
    public required KpiStatus Status { get; init; }
}
