using CustomerJourney.Definitions;

namespace CustomerJourney.Analytics;

/// <summary>One KPI of a touchpoint, its target and what was measured.</summary>
/// <param name="Kpi">The KPI with its target.</param>
/// <param name="Measured">The measured value; <see langword="null"/> when not measured.</param>
/// <param name="Status">Met, missed or not measured.</param>
public sealed record KpiResult(KpiDefinition Kpi, decimal? Measured, KpiStatus Status);
