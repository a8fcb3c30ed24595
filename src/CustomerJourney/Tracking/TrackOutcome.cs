namespace CustomerJourney.Tracking;

/// <summary>What tracking one event did.</summary>
public enum TrackOutcome : byte
{
    /// <summary>The customer entered a stage (moved, or re-entered the same stage).</summary>
    Advanced = 0,

    /// <summary>The touch was handled without a stage change (an internal transition); recorded as a touch.</summary>
    Stayed = 1,

    /// <summary>The current stage does not handle the touchpoint, or ignores it; still recorded as a touch.</summary>
    Ignored = 2,

    /// <summary>The event is invalid; nothing was recorded. <see cref="TrackResult.Reason"/> says why.</summary>
    Rejected = 3,

    /// <summary>The event id was seen before for this customer; nothing changed.</summary>
    Duplicate = 4,
}
