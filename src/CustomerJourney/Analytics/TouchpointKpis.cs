namespace CustomerJourney.Analytics;

/// <summary>A touchpoint's owner, task, measured values and KPIs.</summary>
/// <param name="Touchpoint">The touchpoint.</param>
/// <param name="Channel">Its channel.</param>
/// <param name="Owner">Who owns it.</param>
/// <param name="Task">Its task.</param>
/// <param name="Touches">Touches recorded on it.</param>
/// <param name="CustomersReached">Distinct customers who touched it.</param>
/// <param name="ConversionRate">Fraction of those customers who entered a goal stage at or after their first touch of it; 0 when nobody was reached.</param>
/// <param name="Kpis">Each KPI with target, measured value and status.</param>
public sealed record TouchpointKpis(
    string Touchpoint,
    string Channel,
    string? Owner,
    string? Task,
    long Touches,
    long CustomersReached,
    double ConversionRate,
    IReadOnlyList<KpiResult> Kpis);
