using CustomerJourney.Analytics;
using CustomerJourney.Cli.Simulation;
using CustomerJourney.Engine;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;

namespace CustomerJourney.Tests.Reporting;

/// <summary>The storefront simulator behind <c>journey demo</c>.</summary>
public sealed class SimulatorTests
{
    private static List<TouchpointEvent> Events(int seed, int customers = 2_000, int weeks = 26, string template = JourneyTemplates.FiveStageName) =>
        new StorefrontSimulator(JourneyTemplates.Get(template), new SimulationOptions(seed, customers, weeks)).Run().SelectMany(c => c).ToList();

    [Fact]
    public void Run_SameSeed_SameEvents()
    {
        var first = Events(7);
        var second = Events(7);

        Assert.NotEmpty(first);
        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i], second[i]);
        }
    }

    [Fact]
    public void Run_DifferentSeed_DifferentEvents()
    {
        var first = Events(7);
        var second = Events(8);

        Assert.NotEqual(
            first.Select(e => (e.CustomerId, e.Touchpoint, e.OccurredAt)),
            second.Select(e => (e.CustomerId, e.Touchpoint, e.OccurredAt)));
    }

    [Fact]
    public void Run_Events_StayInsideSimulatedTimeAndInOrderPerCustomer()
    {
        var simulator = new StorefrontSimulator(JourneyTemplates.FiveStage, new SimulationOptions(3, 1_000, 8));

        foreach (var customer in simulator.Run())
        {
            Assert.All(customer, e => Assert.InRange(e.OccurredAt, StorefrontSimulator.Epoch, simulator.End));
            Assert.Equal(customer.OrderBy(e => e.OccurredAt).Select(e => e.EventId), customer.Select(e => e.EventId));
            Assert.Single(customer.Select(e => e.CustomerId).Distinct());
        }
    }

    [Fact]
    public void Run_FiveStage_HasLoopsRepeatBuyersAdvocatesLapsesAndThreeSegments()
    {
        var simulator = new StorefrontSimulator(JourneyTemplates.FiveStage, new SimulationOptions(11, 3_000, 26));
        var loaded = JourneySnapshot.FromEvents(simulator.Run().SelectMany(c => c), JourneyEngine.Compile(JourneyTemplates.FiveStage), simulator.End);
        var flows = CustomerJourney.Analytics.PathAnalysis.Compute(loaded.Journeys).Flows.ToDictionary(f => (f.From, f.To), f => f.Count);

        Assert.Equal(0, loaded.RejectedEvents);
        Assert.True(flows.GetValueOrDefault(("consideration", "awareness")) > 0, "consideration → awareness loop");
        Assert.True(flows.GetValueOrDefault(("post-purchase", "consideration")) > 0, "post-purchase → consideration loop");
        Assert.True(flows.GetValueOrDefault(("lapsed", "consideration")) > 0, "lapsed customers won back");
        Assert.Contains(loaded.Journeys, j => j.Conversions > 1);
        Assert.Contains(loaded.Journeys, j => j.GetPasses().ContainsKey("advocacy"));
        Assert.Contains(loaded.Journeys, j => j.Stage == "lapsed");
        Assert.Equal(StorefrontSimulator.SegmentNames.Order(), loaded.Journeys.Select(j => j.Segment!).Distinct().Order());
        Assert.Equal(
            ["ads", "affiliate", "email", "referral", "search", "social", "store"],
            loaded.Journeys.SelectMany(j => j.Touches).Select(t => t.Channel).Distinct().Intersect(["ads", "social", "search", "email", "affiliate", "store", "referral"]).Order());
    }

    [Fact]
    public void Run_SegmentsBehaveDifferently_ReadyToBuyConvertMoreOften()
    {
        var simulator = new StorefrontSimulator(JourneyTemplates.FiveStage, new SimulationOptions(5, 4_000, 26));
        var loaded = JourneySnapshot.FromEvents(simulator.Run().SelectMany(c => c), JourneyEngine.Compile(JourneyTemplates.FiveStage), simulator.End);
        double Rate(string segment) => loaded.Journeys.Where(j => j.Segment == segment).Average(j => j.ConvertedAt is null ? 0.0 : 1.0);

        Assert.True(Rate("ready-to-buy") > Rate("researcher"));
        Assert.True(Rate("researcher") > Rate("deal-seeker"));
    }

    [Theory]
    [InlineData(JourneyTemplates.FiveStageName)]
    [InlineData(JourneyTemplates.LifecycleName)]
    [InlineData(JourneyTemplates.DecisionPathName)]
    [InlineData(JourneyTemplates.IntentPathName)]
    public void Run_EveryTemplate_TrackerAcceptsEveryEvent(string template)
    {
        var definition = JourneyTemplates.Get(template);
        var simulator = new StorefrontSimulator(definition, new SimulationOptions(1, 500, 12));
        var loaded = JourneySnapshot.FromEvents(simulator.Run().SelectMany(c => c), JourneyEngine.Compile(definition), simulator.End);

        Assert.Equal(0, loaded.RejectedEvents);
        Assert.True(loaded.Journeys.Count > 400);
        Assert.Contains(loaded.Journeys, j => j.ConvertedAt is not null);
    }
}
