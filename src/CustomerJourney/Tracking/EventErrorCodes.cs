namespace CustomerJourney.Tracking;

/// <summary>Codes of the reasons an event is rejected, in <see cref="TrackResult.ReasonCode"/> and validation failures.</summary>
public static class EventErrorCodes
{
    /// <summary>The event id is empty or too long.</summary>
    public const string InvalidEventId = "CJE01";

    /// <summary>The customer id is empty or too long.</summary>
    public const string InvalidCustomerId = "CJE02";

    /// <summary>The touchpoint is not part of the journey definition.</summary>
    public const string UnknownTouchpoint = "CJE03";

    /// <summary>The timestamp is the default value, before 1970, or too far in the future.</summary>
    public const string InvalidTimestamp = "CJE04";

    /// <summary>The value is negative or larger than the allowed maximum.</summary>
    public const string InvalidValue = "CJE05";

    /// <summary>The channel or segment is empty or too long.</summary>
    public const string InvalidText = "CJE06";

    /// <summary>The property bag has too many entries or too long keys or values.</summary>
    public const string InvalidProperties = "CJE07";

    /// <summary>The event is older than the tracker's lateness bound allows.</summary>
    public const string TooLate = "CJE08";

    /// <summary>The journey has reached its maximum number of touches.</summary>
    public const string JourneyFull = "CJE09";

    /// <summary>
    /// Not a rejection: two guarded transitions applied at once, which Stateless refuses to fire. The event is recorded
    /// as a touch that moves nothing (outcome <see cref="TrackOutcome.Ignored"/>) and its result carries this code and a
    /// reason, so that a host can find guards that do not exclude each other.
    /// </summary>
    public const string AmbiguousTransition = "CJE10";
}
