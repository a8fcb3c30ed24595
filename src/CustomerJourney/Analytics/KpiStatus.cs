namespace CustomerJourney.Analytics;

/// <summary>Whether a touchpoint KPI met its target.</summary>
public enum KpiStatus
{
    /// <summary>The measured value meets the target.</summary>
    Met = 0,

    /// <summary>The measured value misses the target.</summary>
    Missed = 1,

    /// <summary>Nothing measured the KPI (e.g. attributed values not supplied).</summary>
    NotMeasured = 2,
}
