namespace CustomerJourney.Acting;

/// <summary>
/// A change of a customer's current stage, as the store committed it: what a stage handler receives. One stored event
/// (a touch, or an applied inactivity lapse) makes at most one transition, identified by the event's
/// <see cref="Position"/> in the store's log; a delivery of it to one handler carries a <see cref="DeliveryId"/> that stays
/// the same on every retry and after restarts, so that handlers can be idempotent.
/// </summary>
public sealed record JourneyTransition
{
    /// <summary>The journey: definition name and customer.</summary>
    public required JourneyKey Key { get; init; }

    /// <summary>The current stage before the change, or <see langword="null"/> when the journey is new.</summary>
    public string? From { get; init; }

    /// <summary>The current stage after the change (it may equal <see cref="From"/>: the customer entered the stage again).</summary>
    public required string To { get; init; }

    /// <summary>Whether a touch or an inactivity lapse moved the customer into <see cref="To"/>.</summary>
    public required TransitionCause Cause { get; init; }

    /// <summary>When the customer entered <see cref="To"/>: the touch's time, or the lapse's due time.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The touchpoint of the touch that entered <see cref="To"/>; <see langword="null"/> for a lapse.</summary>
    public string? Touchpoint { get; init; }

    /// <summary>The channel of that touch; <see langword="null"/> for a lapse.</summary>
    public string? Channel { get; init; }

    /// <summary>The event id of that touch; <see langword="null"/> for a lapse.</summary>
    public string? EventId { get; init; }

    /// <summary>The customer's latest segment after the change, if their events carry one.</summary>
    public string? Segment { get; init; }

    /// <summary>The position in the store's log of the committed event that made this change.</summary>
    public required long Position { get; init; }

    /// <summary>The journey's version (its number of stored events) right after that event.</summary>
    public required long Sequence { get; init; }

    /// <summary>
    /// The delivery's stable id: <c>{Position}:{handler}</c>. The same transition delivered to the same handler again
    /// (a retry, a re-drive, a restart after a crash) carries the same id.
    /// </summary>
    public string DeliveryId { get; init; } = string.Empty;

    /// <summary>Which attempt this delivery is (1 for the first).</summary>
    public int Attempt { get; init; } = 1;

    /// <inheritdoc />
    public override string ToString() => $"{Key.CustomerId}: {From ?? "(new)"} -> {To} ({Cause}{(Touchpoint is null ? string.Empty : " " + Touchpoint)}, {OccurredAt:O})";
}
