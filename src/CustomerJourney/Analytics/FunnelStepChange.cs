namespace CustomerJourney.Analytics;

/// <summary>A funnel step's customers under the old and the new definition.</summary>
public sealed record FunnelStepChange
{
    /// <summary>The stage.</summary>
    public required string Stage { get; init; }

    /// <summary>Customers at this step of the old definition's funnel; <see langword="null"/> when the stage is not in it.</summary>
    public required long? Before { get; init; }

    /// <summary>Customers at this step of the new definition's funnel; <see langword="null"/> when the stage is not in it.</summary>
    public required long? After { get; init; }

    /// <summary>After minus before (a missing step counts as 0).</summary>
    public long Change => (After ?? 0) - (Before ?? 0);
}
