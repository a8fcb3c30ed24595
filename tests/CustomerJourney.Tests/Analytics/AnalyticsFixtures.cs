using CustomerJourney.Engine;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;

namespace CustomerJourney.Tests.Analytics;

/// <summary>Small hand-made journeys on the five-stage template, with their stage sequences in comments.</summary>
internal static class AnalyticsFixtures
{
    public static readonly DateTimeOffset T0 = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static JourneyTracker Track(params (string Customer, string Touchpoint, double Days, string? Segment)[] touches)
    {
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var tracker = new JourneyTracker(engine, timeProvider: new JourneyData.FixedTime(T0.AddDays(365)));
        var n = 0;
        foreach (var (customer, touchpoint, days, segment) in touches)
        {
            var result = tracker.Track(new TouchpointEvent($"e{n++}", customer, touchpoint, T0.AddDays(days)) { Segment = segment });
            Assert.True(result.IsRecorded, result.Reason);
        }

        return tracker;
    }

    /// <summary>
    /// a: awareness → consideration → purchase (days 0, 1, 2);
    /// b: awareness → consideration → awareness → purchase (days 0, 0, 1, 10);
    /// c: awareness → consideration (day 0), still there;
    /// d: awareness (day 0), still there.
    /// </summary>
    public static IReadOnlyList<Journey> FunnelJourneys() =>
        Track(
            ("a", "pr-article", 0, "vip"),
            ("a", "search-ad", 1, "vip"),
            ("a", "web-shop-checkout", 2, "vip"),
            ("b", "search-ad", 0, "new"),
            ("b", "competitor-click", 1, "new"),
            ("b", "store-purchase", 10, "new"),
            ("c", "blog-post", 0, "new"),
            ("d", "radio-ad", 0, null)).GetJourneys();

    /// <summary>
    /// j1: A → C → P; j2: A → C → A → P; j3: A → C → L (lapsed by inactivity after 60 days, seen by a later touch);
    /// j4: A → P. (A = awareness, C = consideration, P = purchase, L = lapsed.)
    /// </summary>
    public static IReadOnlyList<Journey> ChainJourneys() =>
        Track(
            ("j1", "search-ad", 0, null),
            ("j1", "web-shop-checkout", 1, null),
            ("j2", "search-ad", 0, null),
            ("j2", "competitor-click", 1, null),
            ("j2", "store-purchase", 2, null),
            ("j3", "blog-post", 0, null),
            ("j3", "radio-ad", 70, null),
            ("j4", "store-purchase", 0, null)).GetJourneys();
}
