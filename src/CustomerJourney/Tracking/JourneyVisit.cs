namespace CustomerJourney.Tracking;

/// <summary>How a customer came to enter a stage.</summary>
public enum VisitCause : byte
{
    /// <summary>The journey started in this stage.</summary>
    Start = 0,

    /// <summary>A touchpoint moved the customer here (or re-entered the stage).</summary>
    Touch = 1,

    /// <summary>An inactivity rule moved the customer here.</summary>
    Inactivity = 2,
}

/// <summary>One stay in a stage: when it was entered and left, and what brought the customer there.</summary>
/// <remarks>A small value read from a journey through <see cref="Journey.Visits"/>; reading one allocates nothing.</remarks>
public readonly record struct JourneyVisit
{
    /// <summary>The stage.</summary>
    public required string Stage { get; init; }

    /// <summary>When the customer entered it.</summary>
    public required DateTimeOffset EnteredAt { get; init; }

    /// <summary>When the customer left it; <see langword="null"/> (the default) while still there.</summary>
    public DateTimeOffset? LeftAt { get; init; }

    /// <summary>What brought the customer here.</summary>
    public required VisitCause Cause { get; init; }

    /// <summary>The touchpoint that did, when <see cref="Cause"/> is <see cref="VisitCause.Touch"/>; otherwise <see langword="null"/> (the default).</summary>
    public string? Touchpoint { get; init; }

    /// <summary>The channel of that touch, when <see cref="Cause"/> is <see cref="VisitCause.Touch"/>; otherwise <see langword="null"/> (the default).</summary>
    public string? Channel { get; init; }

    /// <summary>How long the stay lasted, up to <paramref name="now"/> when still open.</summary>
    /// <param name="now">The time to measure an open stay to.</param>
    /// <returns>The duration.</returns>
    public TimeSpan Duration(DateTimeOffset now) => (LeftAt ?? now) - EnteredAt;
}
