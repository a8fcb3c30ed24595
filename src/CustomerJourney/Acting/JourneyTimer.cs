namespace CustomerJourney.Acting;

/// <summary>A journey's next inactivity lapse, as the delivery log indexes it.</summary>
/// <param name="Key">The journey.</param>
/// <param name="DueAt">When the lapse is due; <see langword="null"/> removes the journey's timer (its stage has no inactivity rule).</param>
public readonly record struct JourneyTimer(JourneyKey Key, DateTimeOffset? DueAt);
