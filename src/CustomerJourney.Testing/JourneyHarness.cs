using CustomerJourney.Definitions;
using CustomerJourney.Definitions.Rules;
using CustomerJourney.Engine;
using CustomerJourney.Tracking;

namespace CustomerJourney.Testing;

/// <summary>
/// Tracks events of one journey definition in memory on a <see cref="TestClock"/>, and records what happened: every
/// <see cref="TrackResult"/>, and every stage change observed per event (from, to, cause) or per clock advance (lapses).
/// </summary>
/// <remarks>
/// Stage changes are observed by comparing a journey's visits before and after each call, so a late event that re-folds a
/// journey shows as the changes from the first visit it altered on.
/// </remarks>
public sealed class JourneyHarness
{
    private readonly List<TrackResult> _outcomes = [];
    private readonly List<StageChange> _changes = [];
    private StageRuleChecker? _checker;
    private int _nextEvent;

    /// <summary>Creates a harness.</summary>
    /// <param name="definition">The journey definition.</param>
    /// <param name="guards">The guards the definition's guard names are bound to.</param>
    /// <param name="options">Tracker limits; defaults when <see langword="null"/>.</param>
    /// <param name="start">Where the clock starts (1 January 2025, UTC, by default).</param>
    public JourneyHarness(JourneyDefinition definition, GuardRegistry? guards = null, JourneyTrackerOptions? options = null, DateTimeOffset? start = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        Clock = new TestClock(start);
        Engine = JourneyEngine.Compile(definition, guards);
        Tracker = new JourneyTracker(Engine, options, Clock);
    }

    /// <summary>The definition tracked.</summary>
    public JourneyDefinition Definition { get; }

    /// <summary>The clock the tracker reads.</summary>
    public TestClock Clock { get; }

    /// <summary>The compiled definition.</summary>
    public JourneyEngine Engine { get; }

    /// <summary>The in-memory tracker.</summary>
    public JourneyTracker Tracker { get; }

    /// <summary>Every result of tracking, in the order events were tracked.</summary>
    public IReadOnlyList<TrackResult> Outcomes => _outcomes;

    /// <summary>Every stage change observed, in order.</summary>
    public IReadOnlyList<StageChange> Changes => _changes;

    /// <summary>Touches <paramref name="touchpoint"/> for a customer, <paramref name="after"/> the clock's time (the clock moves there).</summary>
    /// <param name="touchpoint">The touchpoint.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="after">How long after the clock's current time the touch happens; one minute by default.</param>
    /// <param name="value">The event's value.</param>
    /// <param name="segment">The event's segment.</param>
    /// <returns>What the event did.</returns>
    public TrackResult Touch(string touchpoint, string customerId = "c1", TimeSpan? after = null, decimal? value = null, string? segment = null)
    {
        var at = Clock.Advance(after ?? TimeSpan.FromMinutes(1));
        return Track(new TouchpointEvent($"h{_nextEvent++}", customerId, touchpoint, at) { Value = value, Segment = segment });
    }

    /// <summary>Tracks one event; the clock moves to its time when that is later.</summary>
    /// <param name="touchpointEvent">The event.</param>
    /// <returns>What the event did.</returns>
    public TrackResult Track(TouchpointEvent touchpointEvent)
    {
        ArgumentNullException.ThrowIfNull(touchpointEvent);
        Clock.Set(touchpointEvent.OccurredAt);
        IReadOnlyList<JourneyVisit> before = Tracker.GetJourney(touchpointEvent.CustomerId)?.Visits ?? default(JourneyVisitList);
        var result = Tracker.Track(touchpointEvent);
        _outcomes.Add(result);
        Observe(touchpointEvent.CustomerId, before, touchpointEvent.EventId);
        return result;
    }

    /// <summary>Tracks events in the order given.</summary>
    /// <param name="events">The events.</param>
    /// <returns>What each event did.</returns>
    public IReadOnlyList<TrackResult> Track(IEnumerable<TouchpointEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Select(Track).ToArray();
    }

    /// <summary>Tracks a generated stream, then moves the clock to the stream's end and applies inactivity.</summary>
    /// <param name="stream">The stream.</param>
    /// <returns>What each event did.</returns>
    public IReadOnlyList<TrackResult> Run(JourneyStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var results = Track(stream.Events);
        AdvanceTo(stream.EndsAt);
        return results;
    }

    /// <summary>Moves the clock forward and applies inactivity rules to every journey.</summary>
    /// <param name="by">How far.</param>
    /// <returns>How many journeys changed stage.</returns>
    public int Advance(TimeSpan by) => AdvanceTo(Clock.GetUtcNow() + by);

    /// <summary>Moves the clock to <paramref name="time"/> (if later) and applies inactivity rules to every journey.</summary>
    /// <param name="time">The time.</param>
    /// <returns>How many journeys changed stage.</returns>
    public int AdvanceTo(DateTimeOffset time)
    {
        var now = Clock.Set(time);
        var before = Tracker.GetJourneys().ToDictionary(j => j.CustomerId, j => (IReadOnlyList<JourneyVisit>)j.Visits, StringComparer.Ordinal);
        var moved = Tracker.Advance(now);
        foreach (var (customer, visits) in before)
        {
            Observe(customer, visits, null);
        }

        return moved;
    }

    /// <summary>The customer's journey.</summary>
    /// <param name="customerId">The customer.</param>
    /// <returns>The journey.</returns>
    /// <exception cref="InvalidOperationException">Nothing was tracked for the customer.</exception>
    public Journey Journey(string customerId = "c1") =>
        Tracker.GetJourney(customerId) ?? throw new InvalidOperationException($"No journey was tracked for customer '{customerId}'.");

    /// <summary>The customer's current stage.</summary>
    /// <param name="customerId">The customer.</param>
    /// <returns>The stage.</returns>
    public string StageOf(string customerId = "c1") => Journey(customerId).Stage;

    /// <summary>The stages the customer entered, in order (loops and re-entries repeat).</summary>
    /// <param name="customerId">The customer.</param>
    /// <returns>The stage identifiers.</returns>
    public IReadOnlyList<string> Path(string customerId = "c1") => Journey(customerId).Visits.Select(v => v.Stage).ToArray();

    /// <summary>Every tracked journey that breaks the rule.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The breaches, by customer.</returns>
    public IReadOnlyList<RuleBreach> FindBreaches(StageRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _checker ??= new StageRuleChecker(Definition);
        var breaches = new List<RuleBreach>();
        foreach (var journey in Tracker.GetJourneys().OrderBy(j => j.CustomerId, StringComparer.Ordinal))
        {
            var visits = journey.Visits;
            if (_checker.FindViolation(rule, visits) is { } reason)
            {
                breaches.Add(new RuleBreach { Rule = rule, CustomerId = journey.CustomerId, Reason = reason, Visits = visits });
            }
        }

        return breaches;
    }

    /// <summary>
    /// Replays a checker's counterexample for one customer: one touch per touch step a minute (or less) apart, and for each lapse
    /// a gap of exactly the inactivity rule's duration; a trailing lapse is applied by advancing the clock.
    /// </summary>
    /// <param name="counterexample">The counterexample.</param>
    /// <param name="customerId">The customer to replay it for; use a fresh one.</param>
    /// <returns>The customer's journey afterwards, or <see langword="null"/> when the counterexample has no touch.</returns>
    public Journey? Replay(RuleCounterexample counterexample, string customerId = "c1")
    {
        ArgumentNullException.ThrowIfNull(counterexample);
        var shortest = Definition.InactivityRules.Select(r => r.After).DefaultIfEmpty(TimeSpan.FromDays(1)).Min();
        var step = TimeSpan.FromTicks(Math.Max(1, Math.Min(TimeSpan.FromMinutes(1).Ticks, shortest.Ticks / 4)));
        var last = Clock.GetUtcNow();
        TimeSpan? pending = null;
        foreach (var s in counterexample.Steps)
        {
            if (s.IsLapse)
            {
                pending = pending is { } p && p > s.InactiveFor ? p : s.InactiveFor;
                continue;
            }

            last += pending ?? step;
            pending = null;
            Track(new TouchpointEvent($"h{_nextEvent++}", customerId, s.Touchpoint!, last));
        }

        if (pending is { } gap)
        {
            AdvanceTo(last + gap);
        }

        return Tracker.GetJourney(customerId);
    }

    private void Observe(string customerId, IReadOnlyList<JourneyVisit> before, string? eventId)
    {
        var after = Tracker.GetJourney(customerId)?.Visits ?? default;
        var same = 0;
        while (same < before.Count && same < after.Count && before[same].Stage == after[same].Stage && before[same].EnteredAt == after[same].EnteredAt && before[same].Cause == after[same].Cause)
        {
            same++;
        }

        for (var i = same; i < after.Count; i++)
        {
            var v = after[i];
            _changes.Add(new StageChange { CustomerId = customerId, From = i == 0 ? null : after[i - 1].Stage, To = v.Stage, Cause = v.Cause, Touchpoint = v.Touchpoint, At = v.EnteredAt, EventId = eventId });
        }
    }
}
