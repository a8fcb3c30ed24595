namespace CustomerJourney.Tracking;

/// <summary>The outcome of tracking one event.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="EventId">The event.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="From">The stage before the event (for a late event: the stage at its place in time), if known.</param>
/// <param name="To">The stage after the event, if known.</param>
/// <param name="Version">The journey's version after the event (the number of recorded touches).</param>
/// <param name="Reason">Why the event was rejected (or, for an ignored touch with <see cref="EventErrorCodes.AmbiguousTransition"/>, why it moved nothing), or <see langword="null"/>.</param>
/// <param name="ReasonCode">A stable code for the reason (see <see cref="EventErrorCodes"/>), or <see langword="null"/>.</param>
public readonly record struct TrackResult(
    TrackOutcome Outcome,
    string EventId,
    string CustomerId,
    string? From,
    string? To,
    long Version,
    string? Reason = null,
    string? ReasonCode = null)
{
    /// <summary>Whether the event was recorded as a touch (advanced, stayed or ignored).</summary>
    public bool IsRecorded => Outcome is TrackOutcome.Advanced or TrackOutcome.Stayed or TrackOutcome.Ignored;
}
