namespace CustomerJourney.Analytics;

/// <summary>One duration for <see cref="KaplanMeier"/>: how long until the event, or until observation stopped.</summary>
public readonly record struct SurvivalObservation
{
    /// <summary>The duration (negative values count as zero).</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary><see langword="true"/> when the event happened at <see cref="Duration"/>; <see langword="false"/> when right-censored (still waiting).</summary>
    public required bool Observed { get; init; }
}
