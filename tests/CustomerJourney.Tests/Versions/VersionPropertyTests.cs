using CustomerJourney.Analytics;
using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Testing;
using CustomerJourney.Tracking;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace CustomerJourney.Tests.Versions;

/// <summary>The impact preview and the versioned tracker, stated as properties over generated event streams of the five-stage template.</summary>
public sealed class VersionPropertyTests
{
    private static readonly JourneyEngine V1 = JourneyEngine.Compile(JourneyTemplates.FiveStage);
    private static readonly JourneyEngine V2 = JourneyEngine.Compile(FiveStageV2.Definition());

    // several customers wandering among the touchpoints, so that many streams reach what the second version changed
    private static readonly StreamOptions Options = StreamOptions.Everything with { Customers = 6, MaxLength = 60, Wander = 0.5 };

    [Property(MaxTest = 150)]
    public Property Impact_Moves_EqualTrackingEveryEventUnderEachVersion() =>
        Prop.ForAll(JourneyGenerators.StreamArbitrary(JourneyTemplates.FiveStage, Options), stream =>
        {
            if (stream.Events.Count == 0)
            {
                return;
            }

            var asOf = stream.Events.Max(e => e.OccurredAt);
            var impact = DefinitionImpactAnalysis.Analyze(stream.Events, V1, V2, asOf);
            var before = Track(V1, stream.Events, asOf);
            var after = Track(V2, stream.Events, asOf);
            var expected = before.Keys.Union(after.Keys)
                .GroupBy(c => (before.GetValueOrDefault(c), after.GetValueOrDefault(c)))
                .ToDictionary(g => g.Key, g => (long)g.Count());

            Assert.Equal(
                expected.OrderBy(p => p.Key.ToString()),
                impact.Moves.ToDictionary(m => (m.From, m.To), m => m.Customers).OrderBy(p => p.Key.ToString()));
            Assert.Equal(impact.Customers, impact.Moves.Sum(m => m.Customers));
        });

    [Property(MaxTest = 40)]
    public Property RefoldingVersionedTracker_DecidesEveryEventLikeTheStoreBackedTracker() =>
        Prop.ForAll(JourneyGenerators.StreamArbitrary(JourneyTemplates.FiveStage, Options), stream =>
        {
            var clock = new FakeTimeProvider(JourneyGenerators.Epoch.AddYears(5));
            var plain = new StoreBackedJourneyTracker(V1, new InMemoryJourneyStore(), timeProvider: clock);
            var versionedStore = new InMemoryJourneyStore();
            var versioned = new VersionedJourneyTracker(V1, versionedStore, timeProvider: clock);

            foreach (var e in stream.Events)
            {
                Assert.Equal(plain.TrackAsync(e).AsTask().GetAwaiter().GetResult(), versioned.TrackAsync(e).AsTask().GetAwaiter().GetResult());
            }

            var counts = versionedStore.CountDefinitionVersionsAsync(V1.Definition.Name).AsTask().GetAwaiter().GetResult();
            Assert.Equal(versionedStore.Count, counts.GetValueOrDefault(DefinitionVersionOf(V1)));
        });

    [Fact]
    public void Streams_MoveCustomersBetweenTheVersions_SoThePropertiesAreNotVacuous()
    {
        var streams = JourneyGenerators.Streams(JourneyTemplates.FiveStage, Options).Sample(numberOfSamples: 60, seed: new Rnd(7), size: 100);

        var moved = streams.Where(s => s.Events.Count > 0).Count(s => DefinitionImpactAnalysis.Analyze(s.Events, V1, V2).Moved > 0);

        Assert.True(moved >= 5, $"{moved} of 60 streams move a customer");
    }

    private static string DefinitionVersionOf(JourneyEngine engine) => CustomerJourney.Definitions.DefinitionVersion.Of(engine.Definition).ToString();

    private static Dictionary<string, string> Track(JourneyEngine engine, IReadOnlyList<TouchpointEvent> events, DateTimeOffset asOf)
    {
        var tracker = new JourneyTracker(engine, new JourneyTrackerOptions { MaxLateness = null }, new FakeTimeProvider(asOf));
        foreach (var e in events)
        {
            tracker.Track(e);
        }

        tracker.Advance(asOf);
        return tracker.GetJourneys().ToDictionary(j => j.CustomerId, j => j.Stage);
    }
}
