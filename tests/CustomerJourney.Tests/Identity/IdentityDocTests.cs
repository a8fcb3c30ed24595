using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;

namespace CustomerJourney.Tests.Identity;

/// <summary>docs/identity.md's example, verbatim, so that it keeps compiling and doing what it says.</summary>
public sealed class IdentityDocTests
{
    [Fact]
    public void Example_LinksTheCookieToTheCustomer()
    {
        var tracker = new JourneyTracker(JourneyEngine.Compile(JourneyTemplates.FiveStage));
        var at = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        tracker.Track(new TouchpointEvent("e1", "cookie-7f3a", "search-ad", at));                    // anonymous
        tracker.Track(new TouchpointEvent("e2", "customer-42", "web-shop-checkout", at.AddDays(3))); // known

        LinkResult result = tracker.Link("cookie-7f3a", "customer-42"); // LinkOutcome.Linked
        Journey journey = tracker.GetJourney("cookie-7f3a")!;          // customer-42's journey: e1, then e2

        Assert.Equal(LinkOutcome.Linked, result.Outcome);
        Assert.Equal("customer-42", journey.CustomerId);
        Assert.Equal(["e1", "e2"], journey.Touches.Select(t => t.EventId));
        Assert.Single(tracker.GetJourneys());
    }

    [Fact]
    public void Page_ShowsTheTestedExample()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "CustomerJourney.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        var page = File.ReadAllText(Path.Combine(root, "docs", "identity.md")).ReplaceLineEndings("\n");
        var source = File.ReadAllText(Path.Combine(root, "tests", "CustomerJourney.Tests", "Identity", "IdentityDocTests.cs")).ReplaceLineEndings("\n");
        var start = source.IndexOf("        var tracker = new JourneyTracker", StringComparison.Ordinal);
        var end = source.IndexOf("\n\n        Assert.Equal(LinkOutcome.Linked", StringComparison.Ordinal);
        var example = string.Join('\n', source[start..end].Split('\n').Select(line => line.Length >= 8 ? line[8..] : line));

        Assert.Contains(example, page, StringComparison.Ordinal);
    }
}
