using CustomerJourney.Tracking;

namespace CustomerJourney.Testing;

/// <summary>A stage change the harness observed while tracking: who moved, from where to where, why, and because of which event.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="From">The stage before, or <see langword="null"/> when the journey started.</param>
/// <param name="To">The stage entered.</param>
/// <param name="Cause">A touch, the start, or inactivity.</param>
/// <param name="Touchpoint">The touchpoint that caused it, for touches.</param>
/// <param name="At">When the stage was entered.</param>
/// <param name="EventId">The event being tracked when the change was observed, or <see langword="null"/> when it came from advancing the clock.</param>
public sealed record StageChange(string CustomerId, string? From, string To, VisitCause Cause, string? Touchpoint, DateTimeOffset At, string? EventId)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{CustomerId}: {From ?? "(new)"} → {To} ({Cause}{(Touchpoint is null ? string.Empty : $" '{Touchpoint}'")}, {At:O})";
}
