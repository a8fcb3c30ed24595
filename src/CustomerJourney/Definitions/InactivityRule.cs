namespace CustomerJourney.Definitions;

/// <summary>
/// No touch for <see cref="After"/> while in <see cref="Stage"/> moves the customer to <see cref="To"/>
/// (e.g. a lapsed or dormant stage).
/// </summary>
public sealed record InactivityRule
{
    /// <summary>The stage the rule watches; <see langword="null"/> (the default) for every non-terminal stage.</summary>
    public string? Stage { get; init; }

    /// <summary>How long without a touch before the rule applies.</summary>
    public required TimeSpan After { get; init; }

    /// <summary>The stage the customer moves to.</summary>
    public required string To { get; init; }
}
