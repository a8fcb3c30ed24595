namespace CustomerJourney.Reporting;

/// <summary>Time in each stage and time to the first purchase.</summary>
/// <param name="Stages">Time in stage, one per stage customers entered.</param>
/// <param name="Convert">Time from the first touch to the first purchase, with its curve.</param>
public sealed record ReportTime(IReadOnlyList<ReportDuration> Stages, ReportDuration Convert);
