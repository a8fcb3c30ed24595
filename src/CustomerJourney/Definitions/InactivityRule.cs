namespace CustomerJourney.Definitions;

/// <summary>
/// No touch for <paramref name="After"/> while in <paramref name="Stage"/> moves the customer to <paramref name="To"/>
/// (e.g. a lapsed or dormant stage).
/// </summary>
/// <param name="Stage">The stage the rule watches; <see langword="null"/> for every non-terminal stage.</param>
/// <param name="After">How long without a touch before the rule applies.</param>
/// <param name="To">The stage the customer moves to.</param>
public sealed record InactivityRule(string? Stage, TimeSpan After, string To);
