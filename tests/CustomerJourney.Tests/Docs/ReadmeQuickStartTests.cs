using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Tracking;

namespace CustomerJourney.Tests.Docs;

/// <summary>The README's quick start, verbatim, so that it keeps compiling and doing what it says.</summary>
public sealed class ReadmeQuickStartTests
{
    [Fact]
    public void QuickStart_TracksTheFirstTouch()
    {
        var definition = new JourneyBuilder("shop")
            .Stage("awareness", s => s.Name("en", "Awareness").Name("lt", "Žinojimas").Permit("search-ad", "consideration"))
            .Stage("consideration", s => s.Permit("checkout", "purchase").Permit("competitor-ad", "awareness").InternalTransition("newsletter"))
            .Stage("purchase", s => s.Goal().PermitReentry("checkout").Permit("review", "advocacy"))
            .Stage("advocacy", s => s.Permit("checkout", "purchase"))
            .Touchpoint("search-ad", "search", t => t.OwnedBy("Performance team").Kpi("Reach", KpiMetric.CustomersReached, 5000, "customers"))
            .Touchpoint("competitor-ad", "ads")
            .Touchpoint("newsletter", "email")
            .Touchpoint("checkout", "web-shop")
            .Touchpoint("review", "review-site")
            .StartAt("awareness")
            .Build();

        var tracker = new JourneyTracker(JourneyEngine.Compile(definition));
        var result = tracker.Track(new TouchpointEvent("evt-1", "customer-42", "search-ad", DateTimeOffset.UtcNow.AddMinutes(-5)));

        Assert.Equal((TrackOutcome.Advanced, "awareness", "consideration"), (result.Outcome, result.From, result.To));
        Journey journey = tracker.GetJourney("customer-42")!;
        Assert.Equal("consideration", journey.Stage);
        Assert.Equal(1, journey.TouchCount);
        Assert.Equal(definition, JourneyJson.Parse(JourneyJson.Serialize(definition)));
    }
}
