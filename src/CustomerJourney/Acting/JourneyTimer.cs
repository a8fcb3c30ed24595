namespace CustomerJourney.Acting;

/// <summary>A journey's next inactivity lapse, as the delivery log indexes it.</summary>
public readonly record struct JourneyTimer
{
    /// <summary>The journey.</summary>
    public required JourneyKey Key { get; init; }

    /// <summary>When the lapse is due; <see langword="null"/> (the default) removes the journey's timer (its stage has no inactivity rule).</summary>
    public DateTimeOffset? DueAt { get; init; }
}
