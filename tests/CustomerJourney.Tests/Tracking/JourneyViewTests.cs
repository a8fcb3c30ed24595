using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Tracking;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Tracking;

/// <summary><see cref="Journey.Visits"/>, <see cref="Journey.Touches"/> and <see cref="Journey.GetPasses()"/>: what they read, and that the views allocate nothing.</summary>
public sealed class JourneyViewTests
{
    private static readonly DateTimeOffset T0 = Now.AddDays(-100);

    private static JourneyEngine Shop() => JourneyEngine.Compile(new JourneyBuilder("shop")
        .Stage("awareness", s => s.Permit("ad", "consideration"))
        .Stage("consideration", s => s.Permit("checkout", "purchase").InternalTransition("newsletter"))
        .Stage("purchase", s => s.Goal().PermitReentry("checkout").Permit("win-back", "consideration"))
        .Stage("lapsed", s => s.Permit("win-back", "consideration"))
        .Touchpoint("ad", "ads").Touchpoint("checkout", "web-shop").Touchpoint("newsletter", "email").Touchpoint("win-back", "email")
        .WhenInactive(TimeSpan.FromDays(30), "lapsed", "consideration")
        .StartAt("awareness")
        .Build());

    private static Journey Tracked()
    {
        var tracker = new JourneyTracker(Shop(), timeProvider: Clock());
        tracker.Track(new TouchpointEvent("1", "c1", "ad", T0) { Channel = "partner", Segment = "vip" });
        tracker.Track(new TouchpointEvent("2", "c1", "newsletter", T0.AddDays(1)));
        tracker.Track(new TouchpointEvent("3", "c1", "win-back", T0.AddDays(40)));
        tracker.Track(new TouchpointEvent("4", "c1", "checkout", T0.AddDays(41)) { Value = 30m });
        tracker.Track(new TouchpointEvent("5", "c1", "checkout", T0.AddDays(42)) { Value = 12.5m });
        return tracker.GetJourney("c1")!;
    }

    [Fact]
    public void Visits_IndexerEnumeratorAndInterface_ReadTheSameVisits()
    {
        var journey = Tracked();
        var visits = journey.Visits;

        JourneyVisit[] expected =
        [
            new() { Stage = "awareness", EnteredAt = T0, LeftAt = T0, Cause = VisitCause.Start },
            new() { Stage = "consideration", EnteredAt = T0, LeftAt = T0.AddDays(31), Cause = VisitCause.Touch, Touchpoint = "ad", Channel = "partner" },
            new() { Stage = "lapsed", EnteredAt = T0.AddDays(31), LeftAt = T0.AddDays(40), Cause = VisitCause.Inactivity },
            new() { Stage = "consideration", EnteredAt = T0.AddDays(40), LeftAt = T0.AddDays(41), Cause = VisitCause.Touch, Touchpoint = "win-back", Channel = "email" },
            new() { Stage = "purchase", EnteredAt = T0.AddDays(41), LeftAt = T0.AddDays(42), Cause = VisitCause.Touch, Touchpoint = "checkout", Channel = "web-shop" },
            new() { Stage = "purchase", EnteredAt = T0.AddDays(42), Cause = VisitCause.Touch, Touchpoint = "checkout", Channel = "web-shop" },
        ];
        Assert.Equal(expected.Length, visits.Count);
        Assert.Equal(expected, Enumerable.Range(0, visits.Count).Select(i => visits[i]));
        var enumerated = new List<JourneyVisit>();
        foreach (var visit in visits)
        {
            enumerated.Add(visit);
        }

        Assert.Equal(expected, enumerated);
        Assert.Equal(expected, (IEnumerable<JourneyVisit>)visits);
        Assert.Equal(expected[^1], visits[^1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => visits[visits.Count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => visits[-1]);
    }

    [Fact]
    public void Touches_IndexerEnumeratorAndInterface_ReadTheSameTouches()
    {
        var journey = Tracked();
        var touches = journey.Touches;

        Assert.Equal(5, touches.Count);
        Assert.Equal(
            new JourneyTouch { EventId = "1", Touchpoint = "ad", Channel = "partner", OccurredAt = T0, Outcome = TrackOutcome.Advanced, Segment = "vip" },
            touches[0]);
        Assert.Equal(
            new JourneyTouch { EventId = "4", Touchpoint = "checkout", Channel = "web-shop", OccurredAt = T0.AddDays(41), Outcome = TrackOutcome.Advanced, Value = 30m },
            touches[3]);
        Assert.Equal(TrackOutcome.Stayed, touches[1].Outcome);
        var ids = new List<string>();
        foreach (var touch in touches)
        {
            ids.Add(touch.EventId);
        }

        Assert.Equal(["1", "2", "3", "4", "5"], ids);
        Assert.Equal(ids, touches.Select(t => t.EventId));
        Assert.Throws<ArgumentOutOfRangeException>(() => touches[5]);
    }

    [Fact]
    public void DefaultViews_AreEmpty()
    {
        Assert.Empty(default(JourneyVisitList));
        Assert.Empty(default(JourneyTouchList));
        Assert.True(default(JourneyVisitList).Count == 0 && default(JourneyTouchList).Count == 0);
        foreach (var _ in default(JourneyTouchList))
        {
            Assert.Fail("a default view holds nothing");
        }
    }

    [Fact]
    public void GetPasses_CountsEveryEntry_AsANewDictionary()
    {
        var journey = Tracked();

        var passes = journey.GetPasses();

        Assert.Equal(
            new Dictionary<string, int> { ["awareness"] = 1, ["consideration"] = 2, ["lapsed"] = 1, ["purchase"] = 2 },
            passes.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());
        Assert.Equal(2, journey.GetPasses("purchase"));
        Assert.NotSame(passes, journey.GetPasses());
    }

    [Fact]
    public void ReadingViews_AllocatesNothing()
    {
        var journey = Tracked();
        var sum = Read(journey); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            sum += Read(journey);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }

    private static long Read(Journey journey)
    {
        long sum = 0;
        foreach (var visit in journey.Visits)
        {
            sum += visit.Stage.Length + visit.EnteredAt.Ticks % 7 + (visit.Channel?.Length ?? 0);
        }

        var touches = journey.Touches;
        for (var i = 0; i < touches.Count; i++)
        {
            sum += touches[i].Channel.Length + (long)(touches[i].Value ?? 0);
        }

        foreach (var touch in journey.Touches)
        {
            sum += touch.EventId.Length;
        }

        return sum;
    }
}
