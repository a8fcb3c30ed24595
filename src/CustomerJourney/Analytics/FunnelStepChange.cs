namespace CustomerJourney.Analytics;

/// <summary>A funnel step's customers under the old and the new definition.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Before">Customers at this step of the old definition's funnel; <see langword="null"/> when the stage is not in it.</param>
/// <param name="After">Customers at this step of the new definition's funnel; <see langword="null"/> when the stage is not in it.</param>
public sealed record FunnelStepChange(string Stage, long? Before, long? After)
{
    /// <summary>After minus before (a missing step counts as 0).</summary>
    public long Change => (After ?? 0) - (Before ?? 0);
}
