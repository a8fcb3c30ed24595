using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Internal;
using FluentValidation;

namespace CustomerJourney.Tracking;

/// <summary>
/// Validates touchpoint events against a journey definition and the tracker's limits: ids, known touchpoint,
/// plausible timestamp, non-negative bounded value, short texts and a small property bag. Every failure carries a
/// code from <see cref="EventErrorCodes"/>.
/// </summary>
public sealed class TouchpointEventValidator : AbstractValidator<TouchpointEvent>
{
    private static readonly DateTimeOffset Epoch = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly JourneyDefinition _definition;
    private readonly JourneyTrackerOptions _options;
    private readonly TimeProvider _time;
    private long _clockSeen = long.MinValue; // the latest system-clock reading, in UTC ticks (hot path only)

    /// <summary>Creates a validator.</summary>
    /// <param name="definition">The definition whose touchpoints are accepted.</param>
    /// <param name="options">The limits; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for the future-skew check; the system clock when <see langword="null"/>.</param>
    public TouchpointEventValidator(JourneyDefinition definition, JourneyTrackerOptions? options = null, TimeProvider? timeProvider = null)
    {
        _definition = Guard.NotNull(definition);
        _options = options ?? new JourneyTrackerOptions();
        _time = timeProvider ?? TimeProvider.System;

        RuleFor(e => e.EventId).Must(id => !string.IsNullOrEmpty(id) && id.Length <= _options.MaxIdLength)
            .WithErrorCode(EventErrorCodes.InvalidEventId).WithMessage(e => $"The event id must be 1 to {_options.MaxIdLength} characters long.");
        RuleFor(e => e.CustomerId).Must(id => !string.IsNullOrEmpty(id) && id.Length <= _options.MaxIdLength)
            .WithErrorCode(EventErrorCodes.InvalidCustomerId).WithMessage(e => $"The customer id of event '{e.EventId}' must be 1 to {_options.MaxIdLength} characters long.");
        RuleFor(e => e.Touchpoint).Must(t => t is not null && _definition.TryGetTouchpoint(t, out _))
            .WithErrorCode(EventErrorCodes.UnknownTouchpoint).WithMessage(e => $"Touchpoint '{e.Touchpoint}' of event '{e.EventId}' is not part of journey '{_definition.Name}'.");
        RuleFor(e => e.OccurredAt).Must(BeAPlausibleTime)
            .WithErrorCode(EventErrorCodes.InvalidTimestamp).WithMessage(e => $"Event '{e.EventId}' occurred at {e.OccurredAt:O}, which is before 1970 or more than {_options.MaxFutureSkew} in the future.");
        RuleFor(e => e.Value).Must(v => v is null || (v >= 0 && v <= _options.MaxValue))
            .WithErrorCode(EventErrorCodes.InvalidValue).WithMessage(e => $"The value {e.Value} of event '{e.EventId}' must lie between 0 and {_options.MaxValue}.");
        RuleFor(e => e.Channel).Must(c => c is null || (c.Length > 0 && c.Length <= JourneyDefinition.MaxIdLength))
            .WithErrorCode(EventErrorCodes.InvalidText).WithMessage(e => $"The channel of event '{e.EventId}' must be 1 to {JourneyDefinition.MaxIdLength} characters long.");
        RuleFor(e => e.Segment).Must(s => s is null || (s.Length > 0 && s.Length <= JourneyDefinition.MaxIdLength))
            .WithErrorCode(EventErrorCodes.InvalidText).WithMessage(e => $"The segment of event '{e.EventId}' must be 1 to {JourneyDefinition.MaxIdLength} characters long.");
        RuleFor(e => e.Properties).Must(BeASmallBag)
            .WithErrorCode(EventErrorCodes.InvalidProperties)
            .WithMessage(e => $"The properties of event '{e.EventId}' must have at most {_options.MaxProperties} entries, keys of 1 to {_options.MaxPropertyKeyLength} characters and values of at most {_options.MaxPropertyKeyLength * 16}.");
    }

    /// <summary>The same rules without allocating, for the tracker's hot path: <see langword="true"/> when the event passes every rule.</summary>
    internal bool IsValidFast(TouchpointEvent e, out int touchpointIndex, JourneyEngine engine)
    {
        touchpointIndex = -1;
        return e.EventId is { Length: > 0 } eventId && eventId.Length <= _options.MaxIdLength
            && e.CustomerId is { Length: > 0 } customerId && customerId.Length <= _options.MaxIdLength
            && e.Touchpoint is not null && engine.TryGetTouchpointIndex(e.Touchpoint, out touchpointIndex)
            && BeAPlausibleTimeFast(e.OccurredAt)
            && (e.Value is null || (e.Value >= 0 && e.Value <= _options.MaxValue))
            && (e.Channel is null || (e.Channel.Length > 0 && e.Channel.Length <= JourneyDefinition.MaxIdLength))
            && (e.Segment is null || (e.Segment.Length > 0 && e.Segment.Length <= JourneyDefinition.MaxIdLength))
            && (e.Properties is null || BeASmallBag(e.Properties));
    }

    private bool BeAPlausibleTime(DateTimeOffset at) => at >= Epoch && at <= _time.GetUtcNow() + _options.MaxFutureSkew;

    /// <summary>
    /// <see cref="BeAPlausibleTime"/> without reading the clock for every event: with the system clock, an event no later
    /// than an earlier reading plus the skew is plausible now too (the wall clock moves forward), so only events beyond
    /// it read the clock. Any other <see cref="TimeProvider"/> is asked every time, as its time may be set at will.
    /// </summary>
    private bool BeAPlausibleTimeFast(DateTimeOffset at)
    {
        if (at < Epoch)
        {
            return false;
        }

        if (ReferenceEquals(_time, TimeProvider.System))
        {
            var seen = Volatile.Read(ref _clockSeen);
            var skew = _options.MaxFutureSkew.Ticks;
            if (seen != long.MinValue && skew >= 0 && at.UtcTicks - skew <= seen)
            {
                return true;
            }

            var now = _time.GetUtcNow();
            var plausible = at <= now + _options.MaxFutureSkew;
            Volatile.Write(ref _clockSeen, now.UtcTicks);
            return plausible;
        }

        return BeAPlausibleTime(at);
    }

    private bool BeASmallBag(IReadOnlyDictionary<string, string>? bag)
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
            if (string.IsNullOrEmpty(key) || key.Length > _options.MaxPropertyKeyLength || value is null || value.Length > _options.MaxPropertyKeyLength * 16)
            {
                return false;
            }
        }

        return true;
    }
}
