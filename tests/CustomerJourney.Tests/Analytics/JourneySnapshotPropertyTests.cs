using CustomerJourney.Analytics;
using CustomerJourney.Definitions;
using CustomerJourney.Storage;
using CustomerJourney.Tests.Generators;
using CustomerJourney.Tracking;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Analytics;

/// <summary>Journeys as of a time and the definition's funnel, as properties over generated definitions and event streams.</summary>
public sealed class JourneySnapshotPropertyTests
{
    private static Arbitrary<(JourneyRun Run, int Seed, int Cut, int Days)> Cases() =>
        (from run in DefinitionGenerators.Runs
         from seed in Gen.Choose(0, int.MaxValue - 1)
         from cut in Gen.Choose(0, 40)
         from days in Gen.Choose(0, 400)
         select (run, seed, cut, days)).ToArbitrary();

    [Property(MaxTest = 150)]
    public Property AsOfT_FromEventsAndFromStore_EqualATrackerGivenTheEventsUpToT() =>
        Prop.ForAll(Cases(), x =>
        {
            var engine = Compile(x.Run.Journey);
            var events = Events(x.Run.Touches);
            var times = events.Select(e => e.OccurredAt).Order().ToArray();
            var asOf = (times.Length == 0 ? Now : times[Math.Min(x.Cut, times.Length - 1)]).AddDays(x.Days);
            var tracker = new JourneyTracker(engine, timeProvider: new FakeTimeProvider(asOf));
            foreach (var e in events.Where(e => e.OccurredAt <= asOf))
            {
                Assert.True(tracker.Track(e).IsRecorded);
            }

            tracker.Advance(asOf);
            var expected = tracker.GetJourneys().OrderBy(j => j.CustomerId, StringComparer.Ordinal).Select(View).ToArray();

            var fromEvents = JourneySnapshot.FromEvents(Shuffle(events, x.Seed), engine, asOf);
            using var store = new InMemoryJourneyStore();
            foreach (var customer in events.GroupBy(e => e.CustomerId))
            {
                store.AppendAsync(new JourneyKey(engine.Definition.Name, customer.Key), 0, Shuffle(customer.ToArray(), x.Seed)).AsTask().GetAwaiter().GetResult();
            }

            var fromStore = JourneySnapshot.ReadAsync(store, engine, asOf).GetAwaiter().GetResult();

            Assert.Equal(expected, fromEvents.Journeys.Select(View));
            Assert.Equal(expected, fromStore.Journeys.Select(View));
            Assert.Equal(events.Count(e => e.OccurredAt > asOf), fromEvents.LaterEvents);
            Assert.Equal(0, fromEvents.RejectedEvents);
        });

    [Property(MaxTest = 200)]
    public Property FunnelStages_KeepDeclarationOrderAndLeaveOutOnlyInactivityOnlyStages() =>
        Prop.ForAll(DefinitionGenerators.Journeys.ToArbitrary(), journey =>
        {
            var definition = journey.Definition;
            var stages = FunnelAnalysis.Stages(definition);
            var permitted = definition.Transitions.Where(t => t.Kind == TransitionKind.Permit && t.To is not null).Select(t => t.To!).ToHashSet();
            var inactivityOnly = definition.Stages.Select(s => s.Id)
                .Where(id => id != definition.StartStage && !permitted.Contains(id) && definition.InactivityRules.Any(r => r.To == id))
                .ToArray();

            Assert.Equal(definition.Stages.Select(s => s.Id).Except(inactivityOnly), stages);
            Assert.Contains(definition.StartStage, stages);
            var funnel = FunnelAnalysis.Compute([], definition);
            var goal = stages.FirstOrDefault(id => definition.Stages.Single(s => s.Id == id).IsGoal);
            Assert.Equal(goal is null ? stages.Count - 1 : stages.ToList().IndexOf(goal), funnel.GoalStep);
        });
}
