namespace CustomerJourney.Analytics;

/// <summary>One duration for <see cref="KaplanMeier"/>: how long until the event, or until observation stopped.</summary>
/// <param name="Duration">The duration (negative values count as zero).</param>
/// <param name="Observed"><see langword="true"/> when the event happened at <paramref name="Duration"/>; <see langword="false"/> when right-censored (still waiting).</param>
public readonly record struct SurvivalObservation(TimeSpan Duration, bool Observed);
