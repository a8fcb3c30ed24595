using CustomerJourney.Analytics.Attribution;
using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Tracking;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Analytics.Attribution;

public sealed class JourneyPathsTests
{
    private static readonly DateTimeOffset T0 = Now.AddDays(-30);

    private static JourneyTracker Track()
    {
        var engine = JourneyEngine.Compile(new JourneyBuilder("shop")
            .Stage("awareness", s => s.Permit("search", "consideration").InternalTransition("radio"))
            .Stage("consideration", s => s.Permit("checkout", "purchase").InternalTransition("radio").InternalTransition("search"))
            .Stage("purchase", s => s.Goal().Terminal().PermitReentry("checkout"))
            .Touchpoint("radio", "ads").Touchpoint("search", "search").Touchpoint("checkout", "web-shop")
            .StartAt("awareness")
            .Build());
        var tracker = new JourneyTracker(engine, timeProvider: Clock());
        // a: radio, search (-> consideration), radio, checkout 30 (-> purchase), checkout 20 (repeat)
        tracker.Track(new("a1", "a", "radio", T0));
        tracker.Track(new("a2", "a", "search", T0.AddDays(1)));
        tracker.Track(new("a3", "a", "radio", T0.AddDays(2)));
        tracker.Track(new("a4", "a", "checkout", T0.AddDays(4)) { Value = 30m });
        tracker.Track(new("a5", "a", "checkout", T0.AddDays(9)) { Value = 20m });
        // b: radio, search (-> consideration), never buys
        tracker.Track(new("b1", "b", "radio", T0));
        tracker.Track(new("b2", "b", "search", T0.AddDays(3)));
        // c: radio only
        tracker.Track(new("c1", "c", "radio", T0.AddDays(1)));
        return tracker;
    }

    [Fact]
    public void FromJourneys_DefinitionGoal_CutsConvertedPathsAtTheFirstConversion()
    {
        var dataset = JourneyPaths.FromJourneys(Track().GetJourneys());

        var result = AttributionEngine.Compute(dataset, AttributionModel.LastTouch);

        Assert.Equal(1, result.TotalConversions, 9);
        Assert.Equal(30, result.TotalValue, 9);
        Assert.Equal(1, result.Channels.Single(c => c.Channel == "web-shop").Conversions, 9);
        Assert.Equal(0, result.Channels.Where(c => c.Channel != "web-shop").Sum(c => c.Conversions), 9);
    }

    [Fact]
    public void FromJourneys_AnyGoalStage_CreditsWhatBroughtCustomersThere()
    {
        var dataset = JourneyPaths.FromJourneys(Track().GetJourneys(), goalStages: ["consideration"], key: AttributionKey.Touchpoint);

        var first = AttributionEngine.Compute(dataset, AttributionModel.FirstTouch);
        var last = AttributionEngine.Compute(dataset, AttributionModel.LastTouch);

        // a and b reached consideration (radio then search); c never did
        Assert.Equal(2, first.TotalConversions, 9);
        Assert.Equal(2, first.Channels.Single(c => c.Channel == "radio").Conversions, 9);
        Assert.Equal(2, last.Channels.Single(c => c.Channel == "search").Conversions, 9);
        Assert.Equal(0, last.Channels.Where(c => c.Channel == "checkout").Sum(c => c.Conversions), 9);
    }
}
