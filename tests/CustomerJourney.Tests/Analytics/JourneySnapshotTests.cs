using CustomerJourney.Analytics;
using CustomerJourney.Cli.Simulation;
using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using Microsoft.Extensions.Time.Testing;

namespace CustomerJourney.Tests.Analytics;

/// <summary>Journeys as of a time, from a store, from events and from a tracker's journeys.</summary>
public sealed class JourneySnapshotTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly JourneyEngine Engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);

    private static TouchpointEvent E(string id, string customer, string touchpoint, double days, string? segment = null, decimal? value = null) =>
        new(id, customer, touchpoint, T0.AddDays(days)) { Value = value, Segment = segment };

    [Fact]
    public async Task ReadAsync_SimulatedStore_SameJourneysAsAnInMemoryTracker()
    {
        var ct = TestContext.Current.CancellationToken;
        var simulator = new StorefrontSimulator(JourneyTemplates.FiveStage, new SimulationOptions(7, 600, 26));
        var customers = simulator.Run().ToList();
        await using IJourneyStore store = new InMemoryJourneyStore();
        await store.AppendManyAsync(customers.Select(c => new JourneyAppend { Key = new JourneyKey("five-stage", c[0].CustomerId), ExpectedVersion = 0, Events = c }).ToArray(), ct);
        var tracker = new JourneyTracker(Engine, timeProvider: new FakeTimeProvider(simulator.End));
        foreach (var e in customers.SelectMany(c => c))
        {
            tracker.Track(e);
        }

        tracker.Advance(simulator.End);
        var expected = tracker.GetJourneys().OrderBy(j => j.CustomerId, StringComparer.Ordinal).ToArray();

        var snapshot = await JourneySnapshot.ReadAsync(store, Engine, simulator.End, ct);

        Assert.Equal(simulator.End, snapshot.AsOf);
        Assert.Equal(0, snapshot.RejectedEvents);
        Assert.Equal(expected.Length, snapshot.Journeys.Count);
        Assert.Contains(expected, j => j.Stage == "lapsed");
        for (var i = 0; i < expected.Length; i++)
        {
            var (a, b) = (expected[i], snapshot.Journeys[i]);
            Assert.Equal(a.CustomerId, b.CustomerId);
            Assert.Equal(a.Stage, b.Stage);
            Assert.Equal(a.Visits.Select(v => (v.Stage, v.EnteredAt)), b.Visits.Select(v => (v.Stage, v.EnteredAt)));
            Assert.Equal((a.Conversions, a.TotalValue, a.Segment, a.TouchCount), (b.Conversions, b.TotalValue, b.Segment, b.TouchCount));
        }

        var streamed = new List<Journey>();
        await foreach (var journey in JourneySnapshot.StreamAsync(store, Engine, simulator.End, ct))
        {
            streamed.Add(journey);
        }

        Assert.Equal(expected.Select(j => (j.CustomerId, j.Stage)), streamed.OrderBy(j => j.CustomerId, StringComparer.Ordinal).Select(j => (j.CustomerId, j.Stage)));
    }

    [Fact]
    public async Task ReadAsync_AsOf_LeavesOutLaterEventsAndLapsesUpToThen()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = new InMemoryJourneyStore();
        await store.AppendAsync(new JourneyKey("five-stage", "a"), 0, [E("a1", "a", "search-ad", 0), E("a2", "a", "web-shop-checkout", 2, value: 10)], ct);
        await store.AppendAsync(new JourneyKey("five-stage", "b"), 0, [E("b1", "b", "search-ad", 5)], ct);

        var early = await JourneySnapshot.ReadAsync(store, Engine, T0.AddDays(1), ct);
        var latest = await JourneySnapshot.ReadAsync(store, Engine, cancellationToken: ct);
        var late = await JourneySnapshot.ReadAsync(store, Engine, T0.AddDays(400), ct);

        Assert.Equal(["a"], early.Journeys.Select(j => j.CustomerId));
        Assert.Equal("consideration", early.Journeys[0].Stage);
        Assert.Equal(2, early.LaterEvents);
        Assert.Equal(T0.AddDays(5), latest.AsOf);
        Assert.Equal(["purchase", "consideration"], latest.Journeys.Select(j => j.Stage));
        Assert.All(late.Journeys, j => Assert.Equal("lapsed", j.Stage));
    }

    [Fact]
    public void FromEvents_InvalidEvents_ReportedInOrderAndCounted()
    {
        var rejected = new List<string>();

        var snapshot = JourneySnapshot.FromEvents(
            [E("1", "a", "search-ad", 0), E("2", "a", "no-such-touchpoint", 1), E("3", "", "search-ad", 1), E("4", "b", "radio-ad", 2)],
            Engine,
            rejected: (e, reason) => rejected.Add($"{e.EventId}: {reason}"));

        Assert.Equal(2, snapshot.RejectedEvents);
        Assert.Equal(2, rejected.Count);
        Assert.StartsWith("2: Touchpoint 'no-such-touchpoint'", rejected[0], StringComparison.Ordinal);
        Assert.StartsWith("3: The customer id", rejected[1], StringComparison.Ordinal);
        Assert.Equal(["a", "b"], snapshot.Journeys.Select(j => j.CustomerId));
        Assert.Equal(T0.AddDays(2), snapshot.AsOf);
    }

    [Fact]
    public void FromJourneys_TrackerJourneys_CopiedAndAdvancedLeavingTheOriginals()
    {
        var tracker = new JourneyTracker(Engine, timeProvider: new FakeTimeProvider(T0.AddDays(1)));
        tracker.Track(E("1", "a", "search-ad", 0));
        var journeys = tracker.GetJourneys();

        var snapshot = JourneySnapshot.FromJourneys(journeys, Engine, T0.AddDays(400));

        Assert.Equal("lapsed", snapshot.Journeys.Single().Stage);
        Assert.Equal("consideration", journeys.Single().Stage);
        Assert.Equal("consideration", tracker.GetJourney("a")!.Stage);
    }

    [Fact]
    public void Funnel_OfDefinition_LeavesOutInactivityOnlyStagesAndConvertsAtTheGoal()
    {
        var snapshot = JourneySnapshot.FromEvents(
            [
                E("1", "a", "search-ad", 0), E("2", "a", "web-shop-checkout", 1),
                E("3", "b", "search-ad", 0), E("4", "b", "store-purchase", 3),
                E("5", "c", "blog-post", 0), E("6", "d", "radio-ad", 0),
            ],
            Engine,
            T0.AddDays(400));

        var funnel = FunnelAnalysis.Compute(snapshot.Journeys, JourneyTemplates.FiveStage);

        Assert.Equal(["awareness", "consideration", "purchase", "post-purchase", "advocacy"], FunnelAnalysis.Stages(JourneyTemplates.FiveStage));
        Assert.Equal(["awareness", "consideration", "purchase", "post-purchase", "advocacy"], funnel.Steps.Select(s => s.Stage));
        Assert.Equal(2, funnel.GoalStep);
        Assert.Equal(0.5, funnel.Conversion);
        Assert.Equal(0.5, funnel.Passes[0].Conversion);
        Assert.Equal(4, funnel.Steps[0].Customers);
    }

    [Fact]
    public void Funnel_GoalStageNotInTheFunnel_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => FunnelAnalysis.Compute([], ["awareness", "consideration"], new FunnelOptions { GoalStage = "purchase" }));

        Assert.Contains("'purchase'", error.Message, StringComparison.Ordinal);
    }
}
