using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Internal;
using FluentValidation;

namespace CustomerJourney.Tracking;

/// <summary>
/// Validates touchpoint events against a journey definition and the tracker's limits: ids, known touchpoint,
/// plausible timestamp, non-negative bounded value, short texts and a small property bag. Every failure carries a
/// code from <see cref="EventErrorCodes"/>. The trackers check events with the same rules (one source), without
/// allocating. FluentValidation stays inside the library: the public entry point is
/// <see cref="IJourneyTracker.Validate(TouchpointEvent)"/>, which reports <see cref="EventError"/>s.
/// </summary>
internal sealed class TouchpointEventValidator : AbstractValidator<TouchpointEvent>
{
    private readonly JourneyDefinition _definition;
    private readonly JourneyTrackerOptions _options;
    private readonly EventRules _rules;

    /// <summary>Creates a validator.</summary>
    /// <param name="definition">The definition whose touchpoints are accepted.</param>
    /// <param name="options">The limits; defaults when <see langword="null"/>. Validated, then copied.</param>
    /// <param name="timeProvider">The clock for the future-skew check; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public TouchpointEventValidator(JourneyDefinition definition, JourneyTrackerOptions? options = null, TimeProvider? timeProvider = null)
        : this(Guard.NotNull(definition), new EventRules((options ?? new JourneyTrackerOptions()).Snapshot(), timeProvider ?? TimeProvider.System))
    {
    }

    internal TouchpointEventValidator(JourneyDefinition definition, EventRules rules)
    {
        _definition = definition;
        _rules = rules;
        _options = rules.Options;

        RuleFor(e => e.EventId).Must(_rules.IsValidId)
            .WithErrorCode(EventErrorCodes.InvalidEventId).WithMessage(_ => $"The event id must be 1 to {_options.MaxIdLength} characters long.");
        RuleFor(e => e.CustomerId).Must(_rules.IsValidId)
            .WithErrorCode(EventErrorCodes.InvalidCustomerId).WithMessage(e => $"The customer id of event '{Shown(e.EventId)}' must be 1 to {_options.MaxIdLength} characters long.");
        RuleFor(e => e.AnonymousId).Must(IsValidAnonymousId)
            .WithErrorCode(EventErrorCodes.InvalidCustomerId).WithMessage(e => $"The anonymous id of event '{Shown(e.EventId)}' must be 1 to {_options.MaxIdLength} characters long.");
        RuleFor(e => e.Touchpoint).Must(IsKnownTouchpoint)
            .WithErrorCode(EventErrorCodes.UnknownTouchpoint).WithMessage(e => $"Touchpoint '{Shown(e.Touchpoint)}' of event '{Shown(e.EventId)}' is not part of journey '{_definition.Name}'.");
        RuleFor(e => e.OccurredAt).Must(_rules.IsPlausibleTime)
            .WithErrorCode(EventErrorCodes.InvalidTimestamp).WithMessage(e => $"Event '{Shown(e.EventId)}' occurred at {e.OccurredAt:O}, which is before 1970 or more than {_options.MaxFutureSkew} in the future.");
        RuleFor(e => e.Value).Must(_rules.IsValidValue)
            .WithErrorCode(EventErrorCodes.InvalidValue).WithMessage(e => $"The value {e.Value} of event '{Shown(e.EventId)}' must lie between 0 and {_options.MaxValue}.");
        RuleFor(e => e.Channel).Must(EventRules.IsValidText)
            .WithErrorCode(EventErrorCodes.InvalidText).WithMessage(e => $"The channel of event '{Shown(e.EventId)}' must be 1 to {JourneyDefinition.MaxIdLength} characters long.");
        RuleFor(e => e.Segment).Must(EventRules.IsValidText)
            .WithErrorCode(EventErrorCodes.InvalidText).WithMessage(e => $"The segment of event '{Shown(e.EventId)}' must be 1 to {JourneyDefinition.MaxIdLength} characters long.");
        RuleFor(e => e.Properties).Must(_rules.IsSmallBag)
            .WithErrorCode(EventErrorCodes.InvalidProperties)
            .WithMessage(e => $"The properties of event '{Shown(e.EventId)}' must have at most {_options.MaxProperties} entries, keys of 1 to {_options.MaxPropertyKeyLength} characters and values of at most {_rules.MaxPropertyValueLength}.");
    }

    internal EventRules Rules => _rules;

    /// <summary>Every rule <paramref name="e"/> breaks, as the library reports them.</summary>
    internal IReadOnlyList<EventError> Check(TouchpointEvent e)
    {
        var failures = Validate(Guard.NotNull(e)).Errors;
        if (failures.Count == 0)
        {
            return [];
        }

        var errors = new EventError[failures.Count];
        for (var i = 0; i < errors.Length; i++)
        {
            errors[i] = new EventError { Code = failures[i].ErrorCode, Property = failures[i].PropertyName, Message = failures[i].ErrorMessage };
        }

        return errors;
    }

    /// <summary>The first failure of <paramref name="e"/> as the trackers report it: code and message.</summary>
    internal (string Code, string Message) Explain(TouchpointEvent e)
    {
        var failure = Validate(e).Errors.FirstOrDefault();
        return failure is null ? (EventErrorCodes.InvalidText, "The event is invalid.") : (failure.ErrorCode, failure.ErrorMessage);
    }

    private bool IsValidAnonymousId(string? id) => id is null || _rules.IsValidId(id);

    private bool IsKnownTouchpoint(string? touchpoint) => EventRules.IsKnownTouchpoint(touchpoint, _definition);

    // ids are echoed in messages; an oversized one is cut so that a hostile id cannot flood logs
    private static string Shown(string? text) => text is null ? string.Empty : text.Length <= 160 ? text : string.Concat(text.AsSpan(0, 157), "...");
}
