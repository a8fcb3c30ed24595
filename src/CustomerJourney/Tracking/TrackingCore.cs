using CustomerJourney.Diagnostics;
using CustomerJourney.Engine;
using CustomerJourney.Storage;

namespace CustomerJourney.Tracking;

/// <summary>
/// What both trackers share: the validated options, the event rules and validator, the decision an event gets on a
/// journey (the precheck and the fold), and the telemetry of outcomes. One instance per tracker.
/// </summary>
internal sealed class TrackingCore
{
    private static readonly string[] OutcomeNames = ["advanced", "stayed", "ignored", "rejected", "duplicate"];
    private readonly KeyValuePair<string, object?> _journeyTag;
    private readonly long _maxLatenessTicks;

    public TrackingCore(JourneyEngine engine, JourneyTrackerOptions? options, TimeProvider? timeProvider)
    {
        Engine = engine;
        Options = (options ?? new JourneyTrackerOptions()).Snapshot();
        Time = timeProvider ?? TimeProvider.System;
        Rules = new EventRules(Options, Time);
        Validator = new TouchpointEventValidator(engine.Definition, Rules);
        _maxLatenessTicks = Options.MaxLateness is { } lateness ? lateness.Ticks : long.MaxValue;
        _journeyTag = new KeyValuePair<string, object?>("journey", engine.Definition.Name);
    }

    public JourneyEngine Engine { get; }

    public JourneyTrackerOptions Options { get; }

    public TimeProvider Time { get; }

    public EventRules Rules { get; }

    public TouchpointEventValidator Validator { get; }

    public string DefinitionName => Engine.Definition.Name;

    /// <summary>The rejection of an invalid event, or <see langword="null"/> when it passes every rule.</summary>
    public TrackResult? Check(TouchpointEvent e, out int touchpoint) => Passes(e, out touchpoint) ? null : Reject(e);

    /// <summary>Whether <paramref name="e"/> passes every rule (allocation-free); <see cref="Reject"/> explains a failure.</summary>
    public bool Passes(TouchpointEvent e, out int touchpoint) => Rules.FirstFailure(e, Engine, out touchpoint) is null;

    /// <summary>The rejection of an event that does not pass (<see cref="Passes"/>), naming the rule it breaks.</summary>
    public TrackResult Reject(TouchpointEvent e)
    {
        var (code, message) = Validator.Explain(e);
        return Rejected(e, code, message);
    }

    /// <summary>
    /// Decides what a valid event does to <paramref name="journey"/> and records it there: duplicate, rejected (journey
    /// full, too late) with the journey unchanged, or recorded with its outcome (an ambiguous one as ignored, with
    /// <see cref="EventErrorCodes.AmbiguousTransition"/>). Tracking one by one and in
    /// batches both go through here, so they cannot differ. Nothing is counted in telemetry (the caller publishes the decision once it counts).
    /// </summary>
    public Decision Decide(Journey journey, TouchpointEvent e, int touchpoint)
    {
        var idHash = Journey.IdHash(e.EventId);
        if (journey.ContainsEvent(e.EventId, idHash))
        {
            return new Decision(new TrackResult { Outcome = TrackOutcome.Duplicate, EventId = e.EventId, CustomerId = e.CustomerId, From = journey.Stage, To = journey.Stage, Version = journey.Version }, -1, default);
        }

        if (journey.TouchCount >= Options.MaxTouchesPerJourney)
        {
            return new Decision(Rejected(e, EventErrorCodes.JourneyFull, $"The journey of customer '{e.CustomerId}' already holds {journey.TouchCount} touches, the most allowed."), -1, default);
        }

        // with lateness unbounded (the default) no event is too late: the journey's latest touch need not be read
        if (_maxLatenessTicks != long.MaxValue && journey.TouchCount > 0 && e.OccurredAt.UtcTicks < EventRules.SaturatingAdd(journey.LastTicks, -_maxLatenessTicks))
        {
            return new Decision(Rejected(e, EventErrorCodes.TooLate, $"Event '{e.EventId}' occurred at {e.OccurredAt:O}, more than {Options.MaxLateness} before the journey's latest touch at {journey.LastTouchAt:O}."), -1, default);
        }

        var previousStage = journey.StageIndex;
        var previousEntered = JourneyTelemetry.TimeInStage.Enabled ? journey.StageEnteredAt : default;
        var (outcome, from, to, ambiguous) = journey.Record(e, touchpoint, idHash);
        var result = new TrackResult { Outcome = outcome, EventId = e.EventId, CustomerId = e.CustomerId, From = from < 0 ? null : Engine.StageId(from), To = to < 0 ? null : Engine.StageId(to), Version = journey.Version };
        if (ambiguous)
        {
            // Stateless refuses to fire when two guarded transitions hold: the touch is recorded, the customer stays
            result = result with
            {
                Reason = $"Event '{e.EventId}' ({e.Touchpoint}) allows more than one transition from stage '{result.From}' at once, so it moved nothing; guards of one stage and touchpoint must exclude each other.",
                ReasonCode = EventErrorCodes.AmbiguousTransition,
            };
        }

        return new Decision(result, journey.StageIndex != previousStage && journey.TouchCount > 1 ? previousStage : -1, previousEntered);
    }

    /// <summary>Counts a decided (and, with a store, committed) event in the tracker's metrics.</summary>
    public void Publish(in Decision decision, DateTimeOffset occurredAt)
    {
        var result = decision.Result;
        if (JourneyTelemetry.Events.Enabled)
        {
            JourneyTelemetry.Events.Add(1, _journeyTag, new("outcome", OutcomeNames[(int)result.Outcome]));
        }

        if (result.Outcome == TrackOutcome.Advanced && JourneyTelemetry.Transitions.Enabled)
        {
            JourneyTelemetry.Transitions.Add(1, _journeyTag, new("from", result.From), new("to", result.To));
        }

        if (decision.LeftStage >= 0 && JourneyTelemetry.TimeInStage.Enabled)
        {
            JourneyTelemetry.TimeInStage.Record((occurredAt - decision.LeftStageEnteredAt).TotalSeconds, _journeyTag, new("stage", Engine.StageId(decision.LeftStage)));
        }
    }

    /// <summary>Counts an event rejected before it reached a journey.</summary>
    public void Publish(in TrackResult rejected) => Publish(new Decision(rejected, -1, default), default);

    public TrackResult Rejected(TouchpointEvent e, string code, string reason) =>
        new() { Outcome = TrackOutcome.Rejected, EventId = e.EventId ?? string.Empty, CustomerId = e.CustomerId ?? string.Empty, Version = 0, Reason = reason, ReasonCode = code };

    /// <summary>The randomised back-off before retry <paramref name="attempt"/> (2, 3, ...) of a conflicting append, capped.</summary>
    public TimeSpan RetryDelay(int attempt) => RetryBackoff.Delay(attempt, Options.MaxRetryDelay);

    /// <summary>What an event did to a journey, and what telemetry needs of the stage it left.</summary>
    internal readonly record struct Decision(TrackResult Result, int LeftStage, DateTimeOffset LeftStageEnteredAt);
}
