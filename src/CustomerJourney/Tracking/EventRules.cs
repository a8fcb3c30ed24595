using CustomerJourney.Definitions;
using CustomerJourney.Engine;

namespace CustomerJourney.Tracking;

/// <summary>
/// The event rules, written once: each is a small predicate used both by <see cref="TouchpointEventValidator"/>'s
/// FluentValidation rules (which name the failure) and by the tracker's allocation-free check
/// (<see cref="FirstFailure"/>), in the same order, so the two cannot disagree.
/// </summary>
internal sealed class EventRules
{
    /// <summary>The earliest plausible time of a touch.</summary>
    internal static readonly DateTimeOffset Epoch = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly JourneyTrackerOptions _options;
    private readonly TimeProvider _time;
    private readonly bool _systemClock;
    private long _clockSeen = long.MinValue; // the latest system-clock reading, in UTC ticks

    public EventRules(JourneyTrackerOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _systemClock = ReferenceEquals(time, TimeProvider.System);
    }

    public JourneyTrackerOptions Options => _options;

    public bool IsValidId(string? id) => id is { Length: > 0 } && id.Length <= _options.MaxIdLength;

    public static bool IsKnownTouchpoint(string? touchpoint, JourneyDefinition definition) => touchpoint is not null && definition.TryGetTouchpoint(touchpoint, out _);

    public bool IsValidValue(decimal? value) => value is null || (value >= 0 && value <= _options.MaxValue);

    public static bool IsValidText(string? text) => text is null || (text.Length > 0 && text.Length <= JourneyDefinition.MaxIdLength);

    /// <summary>
    /// Not before 1970 and at most <see cref="JourneyTrackerOptions.MaxFutureSkew"/> after the clock's now. The sum
    /// saturates at <see cref="DateTimeOffset.MaxValue"/>, so a clock at the end of time accepts every later-dated event
    /// instead of overflowing.
    /// </summary>
    public bool IsPlausibleTime(DateTimeOffset at)
    {
        if (at < Epoch)
        {
            return false;
        }

        if (_systemClock)
        {
            // The wall clock moves forward: an event no later than an earlier reading plus the skew is plausible now too,
            // so only events beyond it read the clock. Any other TimeProvider is asked every time.
            var seen = Volatile.Read(ref _clockSeen);
            if (seen != long.MinValue && at.UtcTicks <= SaturatingAdd(seen, _options.MaxFutureSkew.Ticks))
            {
                return true;
            }

            var reading = _time.GetUtcNow().UtcTicks;
            Volatile.Write(ref _clockSeen, reading);
            return at.UtcTicks <= SaturatingAdd(reading, _options.MaxFutureSkew.Ticks);
        }

        return at.UtcTicks <= SaturatingAdd(_time.GetUtcNow().UtcTicks, _options.MaxFutureSkew.Ticks);
    }

    public bool IsSmallBag(IReadOnlyDictionary<string, string>? bag)
    {
        if (bag is null)
        {
            return true;
        }

        if (bag.Count > _options.MaxProperties)
        {
            return false;
        }

        foreach (var (key, value) in bag)
        {
            if (string.IsNullOrEmpty(key) || key.Length > _options.MaxPropertyKeyLength || value is null || value.Length > MaxPropertyValueLength)
            {
                return false;
            }
        }

        return true;
    }

    public int MaxPropertyValueLength => _options.MaxPropertyKeyLength * 16;

    /// <summary>
    /// The code of the first rule <paramref name="e"/> breaks, in the validator's order, or <see langword="null"/> when it
    /// passes every rule; allocation-free. <paramref name="touchpointIndex"/> is the touchpoint's index in the engine.
    /// </summary>
    public string? FirstFailure(TouchpointEvent e, JourneyEngine engine, out int touchpointIndex)
    {
        touchpointIndex = -1;
        if (!IsValidId(e.EventId))
        {
            return EventErrorCodes.InvalidEventId;
        }

        if (!IsValidId(e.CustomerId) || (e.AnonymousId is not null && !IsValidId(e.AnonymousId)))
        {
            return EventErrorCodes.InvalidCustomerId;
        }

        if (e.Touchpoint is null || !engine.TryGetTouchpointIndex(e.Touchpoint, out touchpointIndex))
        {
            return EventErrorCodes.UnknownTouchpoint;
        }

        if (!IsPlausibleTime(e.OccurredAt))
        {
            return EventErrorCodes.InvalidTimestamp;
        }

        if (!IsValidValue(e.Value))
        {
            return EventErrorCodes.InvalidValue;
        }

        if (!IsValidText(e.Channel) || !IsValidText(e.Segment))
        {
            return EventErrorCodes.InvalidText;
        }

        return IsSmallBag(e.Properties) ? null : EventErrorCodes.InvalidProperties;
    }

    /// <summary><paramref name="ticks"/> + <paramref name="delta"/>, clamped to the ticks of <see cref="DateTimeOffset"/>'s range.</summary>
    internal static long SaturatingAdd(long ticks, long delta)
    {
        var max = DateTimeOffset.MaxValue.UtcTicks;
        var min = DateTimeOffset.MinValue.UtcTicks;
        if (delta >= 0)
        {
            return ticks > max - delta ? max : ticks + delta;
        }

        return ticks < min - delta ? min : ticks + delta;
    }
}
