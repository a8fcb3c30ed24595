namespace CustomerJourney.Reporting;

/// <summary>Time in each stage and time to the first purchase.</summary>
public sealed record ReportTime
{
    /// <summary>Time in stage, one per stage customers entered.</summary>
    public required IReadOnlyList<ReportDuration> Stages { get; init; }

    /// <summary>Time from the first touch to the first purchase, with its curve.</summary>
    public required ReportDuration Convert { get; init; }
}
