using CustomerJourney.Tracking;

namespace CustomerJourney.Testing;

/// <summary>A stage change the harness observed while tracking: who moved, from where to where, why, and because of which event.</summary>
public sealed record StageChange
{
    /// <summary>The customer.</summary>
    public required string CustomerId { get; init; }

    /// <summary>The stage before, or <see langword="null"/> (the default) when the journey started.</summary>
    public string? From { get; init; }

    /// <summary>The stage entered.</summary>
    public required string To { get; init; }

    /// <summary>A touch, the start, or inactivity.</summary>
    public required VisitCause Cause { get; init; }

    /// <summary>The touchpoint that caused it, for touches; <see langword="null"/> (the default) otherwise.</summary>
    public string? Touchpoint { get; init; }

    /// <summary>When the stage was entered.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>
    /// The event being tracked when the change was observed, or <see langword="null"/> (the default) when it came from advancing the clock.
    /// </summary>
    public string? EventId { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{CustomerId}: {From ?? "(new)"} → {To} ({Cause}{(Touchpoint is null ? string.Empty : $" '{Touchpoint}'")}, {At:O})";
}
