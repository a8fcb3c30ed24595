using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Testing;
using CustomerJourney.Tests.Generators;
using CustomerJourney.Tracking;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Tracking;

/// <summary>The stage rules of tracking, as properties over generated definitions and event streams.</summary>
public sealed class TrackingPropertyTests
{
    private static Arbitrary<(JourneyRun Run, int Seed)> RunsWithSeed() =>
        (from run in DefinitionGenerators.Runs
         from seed in Gen.Choose(0, int.MaxValue - 1)
         select (run, seed)).ToArbitrary();

    private static JourneyTracker Track(JourneyEngine engine, IEnumerable<TouchpointEvent> events)
    {
        var tracker = new JourneyTracker(engine, timeProvider: Clock());
        foreach (var e in events)
        {
            var result = tracker.Track(e);
            Assert.True(result.IsRecorded, $"{e} was {result.Outcome}: {result.Reason}");
        }

        return tracker;
    }

    [Property(MaxTest = 150)]
    public Property LateDuplicateAndUnknownEvents_GiveTheJourneyOfTheCleanStreamInTimeOrder() =>
        Prop.ForAll(DefinitionGenerators.StreamRuns.ToArbitrary(), x =>
        {
            var messy = new JourneyHarness(x.Journey.Definition, x.Journey.Guards);
            messy.Run(x.Stream);
            var clean = new JourneyHarness(x.Journey.Definition, x.Journey.Guards);
            clean.Track(Sorted(x.Stream.Events.DistinctBy(e => e.EventId).Where(e => e.Touchpoint != JourneyGenerators.UnknownTouchpoint)));
            clean.AdvanceTo(x.Stream.EndsAt);

            Assert.All(messy.Outcomes, o => Assert.True(o.IsRecorded || o.Outcome is TrackOutcome.Duplicate || o.ReasonCode == EventErrorCodes.UnknownTouchpoint, $"{o}"));
            Assert.All(x.Stream.GetCustomers(), c => Assert.Equal(View(clean.Tracker.GetJourney(c)), View(messy.Tracker.GetJourney(c))));
        });

    [Property(MaxTest = 150)]
    public Property ArrivalOrder_DoesNotChangeTheJourney() =>
        Prop.ForAll(RunsWithSeed(), x =>
        {
            var engine = Compile(x.Run.Journey);
            var events = Events(x.Run.Touches);
            var sorted = Track(engine, Sorted(events));
            var shuffled = Track(engine, Shuffle(events, x.Seed));
            foreach (var customer in events.Select(e => e.CustomerId).Distinct())
            {
                Assert.Equal(View(sorted.GetJourney(customer)), View(shuffled.GetJourney(customer)));
            }
        });

    [Property(MaxTest = 150)]
    public Property ResendingAnySubset_ChangesNothing() =>
        Prop.ForAll(RunsWithSeed(), x =>
        {
            var engine = Compile(x.Run.Journey);
            var events = Events(x.Run.Touches);
            var tracker = Track(engine, Shuffle(events, x.Seed));
            var before = events.Select(e => e.CustomerId).Distinct().ToDictionary(c => c, c => View(tracker.GetJourney(c)));
            var random = new Random(x.Seed);
            var resent = events.Where(_ => random.Next(2) == 0).ToList();

            foreach (var e in resent)
            {
                Assert.Equal(TrackOutcome.Duplicate, tracker.Track(e).Outcome);
            }

            foreach (var (customer, view) in before)
            {
                Assert.Equal(view, View(tracker.GetJourney(customer)));
            }
        });

    [Property(MaxTest = 150)]
    public Property Stage_EqualsTheStateStatelessReaches() =>
        Prop.ForAll(RunsWithSeed(), x =>
        {
            var engine = Compile(x.Run.Journey);
            var events = Events(x.Run.Touches);
            var tracker = Track(engine, Shuffle(events, x.Seed));
            var refused = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in events.GroupBy(e => e.CustomerId))
            {
                var (stage, entries, refusedHere) = Reference(engine, Sorted(group));
                var journey = tracker.GetJourney(group.Key)!;
                Assert.Equal(stage, journey.Stage);
                Assert.Equal(entries.OrderBy(p => p.Key, StringComparer.Ordinal), journey.GetPasses().OrderBy(p => p.Key, StringComparer.Ordinal));
                refused.UnionWith(refusedHere);
            }

            // in time order, exactly the events Stateless refuses to fire (two guards hold) are reported as ambiguous
            var inOrder = new JourneyTracker(engine, timeProvider: Clock());
            var ambiguous = Sorted(events).Select(inOrder.Track).Where(r => r.ReasonCode == EventErrorCodes.AmbiguousTransition).ToList();
            Assert.All(ambiguous, r => Assert.Equal(TrackOutcome.Ignored, r.Outcome));
            Assert.Equal(refused.Order(StringComparer.Ordinal), ambiguous.Select(r => r.EventId).Order(StringComparer.Ordinal));
            return Prop.ToProperty(true).Classify(refused.Count > 0, "with ambiguous events");
        });

    [Property(MaxTest = 150)]
    public Property Visits_AreContiguousAndSumToTheJourneysAge() =>
        Prop.ForAll(RunsWithSeed(), x =>
        {
            var engine = Compile(x.Run.Journey);
            var tracker = Track(engine, Shuffle(Events(x.Run.Touches), x.Seed));
            foreach (var journey in tracker.GetJourneys())
            {
                var visits = journey.Visits;
                Assert.Equal(journey.StartedAt, visits[0].EnteredAt);
                for (var i = 0; i + 1 < visits.Count; i++)
                {
                    Assert.Equal(visits[i].LeftAt, visits[i + 1].EnteredAt);
                    Assert.True(visits[i].EnteredAt <= visits[i + 1].EnteredAt);
                }

                Assert.Null(visits[^1].LeftAt);
                var total = visits.Aggregate(TimeSpan.Zero, (sum, v) => sum + v.Duration(Now));
                Assert.Equal(Now - journey.StartedAt, total);
            }
        });

    [Property(MaxTest = 150)]
    public Property PassCounts_EqualEntriesIntoEachStage() =>
        Prop.ForAll(RunsWithSeed(), x =>
        {
            var engine = Compile(x.Run.Journey);
            var tracker = Track(engine, Events(x.Run.Touches));
            foreach (var journey in tracker.GetJourneys())
            {
                var visits = journey.Visits;
                var advanced = journey.Touches.Count(t => t.Outcome == TrackOutcome.Advanced);
                var lapses = visits.Count(v => v.Cause == VisitCause.Inactivity);
                Assert.Equal(1 + advanced + lapses, journey.GetPasses().Values.Sum());
                foreach (var stage in x.Run.Journey.Definition.Stages)
                {
                    Assert.Equal(visits.Count(v => v.Stage == stage.Id), journey.GetPasses(stage.Id));
                }
            }
        });

    /// <summary>
    /// The reference: a Stateless machine fed the sorted touchpoints, with inactivity rules applied between touches
    /// straight from the definition (Stateless has no timed transitions). Returns the final state, entries per state and
    /// the events Stateless refused to fire.
    /// </summary>
    private static (string Stage, Dictionary<string, int> Entries, List<string> Refused) Reference(JourneyEngine engine, IReadOnlyList<TouchpointEvent> events)
    {
        var refused = new List<string>();
        var definition = engine.Definition;
        var state = definition.StartStage;
        var context = default(GuardContext);
        var machine = engine.CreateStateMachine(() => state, s => state = s, () => context);
        var entries = new Dictionary<string, int>(StringComparer.Ordinal) { [state] = 1 };
        machine.OnTransitioned(t => entries[t.Destination] = entries.GetValueOrDefault(t.Destination) + 1);
        var lastActivity = events[0].OccurredAt;
        foreach (var e in events)
        {
            while (LapseRule(definition, state) is { } rule && lastActivity + rule.After <= e.OccurredAt)
            {
                lastActivity += rule.After;
                state = rule.To;
                entries[state] = entries.GetValueOrDefault(state) + 1;
            }

            context = new GuardContext { CustomerId = e.CustomerId, Stage = state, Touchpoint = e.Touchpoint, Channel = definition.GetTouchpoint(e.Touchpoint).Channel, OccurredAt = e.OccurredAt, Value = e.Value, Segment = e.Segment };
            try
            {
                machine.Fire(e.Touchpoint);
            }
            catch (InvalidOperationException)
            {
                // Stateless refuses when two guarded transitions hold: the stage does not change.
                refused.Add(e.EventId);
            }

            lastActivity = e.OccurredAt;
        }

        return (state, entries, refused);
    }

    private static InactivityRule? LapseRule(JourneyDefinition definition, string stage)
    {
        var lineage = new List<string>();
        for (string? s = stage; s is not null; s = definition.GetStage(s).SuperStage)
        {
            lineage.Add(s);
        }

        return definition.InactivityRules.FirstOrDefault(r =>
            r.To != stage && (r.Stage is null ? !definition.GetStage(stage).IsTerminal : lineage.Contains(r.Stage)));
    }
}
