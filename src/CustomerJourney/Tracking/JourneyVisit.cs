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
/// <param name="Stage">The stage.</param>
/// <param name="EnteredAt">When the customer entered it.</param>
/// <param name="LeftAt">When the customer left it; <see langword="null"/> while still there.</param>
/// <param name="Cause">What brought the customer here.</param>
/// <param name="Touchpoint">The touchpoint that did, when <paramref name="Cause"/> is <see cref="VisitCause.Touch"/>.</param>
/// <param name="Channel">The channel of that touch, when <paramref name="Cause"/> is <see cref="VisitCause.Touch"/>.</param>
public sealed record JourneyVisit(string Stage, DateTimeOffset EnteredAt, DateTimeOffset? LeftAt, VisitCause Cause, string? Touchpoint, string? Channel)
{
    /// <summary>How long the stay lasted, up to <paramref name="now"/> when still open.</summary>
    /// <param name="now">The time to measure an open stay to.</param>
    /// <returns>The duration.</returns>
    public TimeSpan Duration(DateTimeOffset now) => (LeftAt ?? now) - EnteredAt;
}
