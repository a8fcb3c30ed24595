using CustomerJourney.Internal;

namespace CustomerJourney.Acting;

/// <summary>
/// The stored form of an inactivity lapse applied at its due time: an event in the journey's own stream, on the reserved
/// touchpoint <see cref="Touchpoint"/>, at the lapse's due time. It records that the journey's clock reached that time, so
/// every later fold (trackers, analytics, the dispatcher) applies the same lapse. It is not a touch: it never counts as one,
/// never appears in <c>Journey.Touches</c>, and event validation rejects it from callers (definition ids start with a
/// letter or digit, so no definition can name this touchpoint).
/// </summary>
public static class InactivityMarker
{
    /// <summary>The reserved touchpoint of lapse markers.</summary>
    public const string Touchpoint = "$inactivity";

    /// <summary>The prefix of a lapse marker's event id; the due time's UTC ticks follow it.</summary>
    public const string EventIdPrefix = "$inactivity:";

    /// <summary>The marker of the lapse due at <paramref name="dueAt"/>; its id depends only on the time, so appending it twice stores it once.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="dueAt">The lapse's due time.</param>
    /// <returns>The marker event.</returns>
    public static TouchpointEvent Create(string customerId, DateTimeOffset dueAt)
    {
        Guard.NotNull(customerId);
        var at = dueAt.ToUniversalTime();
        return new TouchpointEvent(EventIdPrefix + at.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), customerId, Touchpoint, at);
    }

    /// <summary>Whether an event is a lapse marker.</summary>
    /// <param name="touchpointEvent">The event.</param>
    /// <returns><see langword="true"/> for a marker.</returns>
    public static bool IsMarker(TouchpointEvent touchpointEvent) =>
        string.Equals(Guard.NotNull(touchpointEvent).Touchpoint, Touchpoint, StringComparison.Ordinal);
}
