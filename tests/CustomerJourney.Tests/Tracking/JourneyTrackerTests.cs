using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Tracking;

public sealed class JourneyTrackerTests
{
    private static readonly DateTimeOffset T0 = Now.AddDays(-100);

    private static JourneyEngine Shop() => JourneyEngine.Compile(new JourneyBuilder("shop")
        .Stage("awareness", s => s.Permit("ad", "consideration").Ignore("review"))
        .Stage("consideration", s => s.Permit("checkout", "purchase").Permit("competitor", "awareness").InternalTransition("newsletter"))
        .Stage("purchase", s => s.Goal().PermitReentry("checkout").Permit("review", "advocacy"))
        .Stage("advocacy", s => s.Permit("checkout", "purchase"))
        .Stage("lapsed", s => s.Permit("win-back", "consideration"))
        .Touchpoint("ad", "ads").Touchpoint("checkout", "web-shop").Touchpoint("competitor", "search")
        .Touchpoint("newsletter", "email").Touchpoint("review", "review-site").Touchpoint("win-back", "email")
        .WhenInactive(TimeSpan.FromDays(30), "lapsed", "consideration")
        .StartAt("awareness")
        .Build());

    private static TouchpointEvent E(string id, string touchpoint, double days, string customer = "c1", decimal? value = null) =>
        new(id, customer, touchpoint, T0.AddDays(days)) { Value = value };

    [Fact]
    public void Track_Outcomes_AdvancedStayedIgnoredDuplicate()
    {
        var tracker = new JourneyTracker(Shop(), timeProvider: Clock());

        var advanced = tracker.Track(E("1", "ad", 0));
        var stayed = tracker.Track(E("2", "newsletter", 1));
        var ignored = tracker.Track(E("3", "review", 2));
        var duplicate = tracker.Track(E("1", "checkout", 3));

        Assert.Equal((TrackOutcome.Advanced, "awareness", "consideration"), (advanced.Outcome, advanced.From, advanced.To));
        Assert.Equal((TrackOutcome.Stayed, "consideration", "consideration"), (stayed.Outcome, stayed.From, stayed.To));
        Assert.Equal(TrackOutcome.Ignored, ignored.Outcome);
        Assert.Equal(TrackOutcome.Duplicate, duplicate.Outcome);
        var journey = tracker.GetJourney("c1")!;
        Assert.Equal(3, journey.Version);
        Assert.Equal(["1", "2", "3"], journey.Touches.Select(t => t.EventId));
        Assert.Equal("consideration", journey.Stage);
    }

    [Fact]
    public void Track_RepeatPurchases_CountPassesConversionsAndValue()
    {
        var tracker = new JourneyTracker(Shop(), timeProvider: Clock());

        tracker.Track(E("1", "ad", 0));
        tracker.Track(E("2", "checkout", 1, value: 40m));
        tracker.Track(E("3", "checkout", 2, value: 25.5m));
        tracker.Track(E("4", "review", 3));
        tracker.Track(E("5", "checkout", 4, value: 10m));

        var journey = tracker.GetJourney("c1")!;
        Assert.Equal(3, journey.GetPasses("purchase"));
        Assert.Equal(3, journey.Conversions);
        Assert.Equal(T0.AddDays(1), journey.ConvertedAt);
        Assert.Equal(75.5m, journey.TotalValue);
        Assert.Equal(["awareness", "consideration", "purchase", "purchase", "advocacy", "purchase"], journey.Visits.Select(v => v.Stage));
        Assert.Equal(VisitCause.Touch, journey.Visits[2].Cause);
        Assert.Equal(("checkout", "web-shop"), (journey.Visits[2].Touchpoint, journey.Visits[2].Channel));
    }

    [Theory]
    [InlineData("", "c1", "ad", EventErrorCodes.InvalidEventId)]
    [InlineData("e", "", "ad", EventErrorCodes.InvalidCustomerId)]
    [InlineData("e", "c1", "radio", EventErrorCodes.UnknownTouchpoint)]
    public void Track_InvalidIds_RejectedWithReasonAndNothingRecorded(string eventId, string customer, string touchpoint, string code)
    {
        var tracker = new JourneyTracker(Shop(), timeProvider: Clock());
        tracker.Track(E("ok", "ad", 0));

        var result = tracker.Track(new TouchpointEvent(eventId, customer, touchpoint, T0.AddDays(1)));

        Assert.Equal(TrackOutcome.Rejected, result.Outcome);
        Assert.Equal(code, result.ReasonCode);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.Equal(1, tracker.GetJourney("c1")!.Version);
    }

    [Fact]
    public void Track_BadTimestampsValuesAndBags_RejectedNamingTheProblem()
    {
        var tracker = new JourneyTracker(Shop(), timeProvider: Clock());
        var bag = Enumerable.Range(0, 40).ToDictionary(i => $"k{i}", i => "v");

        var cases = new (TouchpointEvent Event, string Code)[]
        {
            (new("a", "c1", "ad", default), EventErrorCodes.InvalidTimestamp),
            (new("b", "c1", "ad", Now.AddYears(5)), EventErrorCodes.InvalidTimestamp),
            (new("c", "c1", "ad", T0) { Value = -1m }, EventErrorCodes.InvalidValue),
            (new("d", "c1", "ad", T0) { Value = decimal.MaxValue }, EventErrorCodes.InvalidValue),
            (new("e", "c1", "ad", T0) { Properties = bag }, EventErrorCodes.InvalidProperties),
            (new("f", new string('x', 500), "ad", T0), EventErrorCodes.InvalidCustomerId),
        };

        foreach (var (e, code) in cases)
        {
            var result = tracker.Track(e);
            Assert.Equal(TrackOutcome.Rejected, result.Outcome);
            Assert.Equal(code, result.ReasonCode);
            Assert.Contains(e.EventId, result.Reason, StringComparison.Ordinal);
            var error = Assert.Single(tracker.Validate(e), x => x.Code == code);
            Assert.Equal(result.Reason, error.Message);
        }

        Assert.Equal(0, tracker.Count);
    }

    [Fact]
    public void Track_LateEvent_IsPlacedInTimeAndTheJourneyRecomputed()
    {
        var tracker = new JourneyTracker(Shop(), timeProvider: Clock());
        tracker.Track(E("2", "checkout", 2));
        tracker.Track(E("3", "review", 3));

        var late = tracker.Track(E("1", "ad", 1));

        var journey = tracker.GetJourney("c1")!;
        Assert.Equal((TrackOutcome.Advanced, "awareness", "consideration"), (late.Outcome, late.From, late.To));
        Assert.Equal("advocacy", journey.Stage);
        Assert.Equal(["awareness", "consideration", "purchase", "advocacy"], journey.Visits.Select(v => v.Stage));
        Assert.Equal([TrackOutcome.Advanced, TrackOutcome.Advanced, TrackOutcome.Advanced], journey.Touches.Select(t => t.Outcome));
    }

    [Fact]
    public void Track_BeyondMaxLateness_RejectedAsTooLate()
    {
        var tracker = new JourneyTracker(Shop(), options: new JourneyTrackerOptions { MaxLateness = TimeSpan.FromDays(7) }, timeProvider: Clock());
        tracker.Track(E("1", "ad", 20));

        var result = tracker.Track(E("0", "ad", 1));

        Assert.Equal(EventErrorCodes.TooLate, result.ReasonCode);
        Assert.Equal(1, tracker.GetJourney("c1")!.Version);
    }

    [Fact]
    public void Inactivity_AppliedOnTheNextEvent_AndByAdvance()
    {
        var tracker = new JourneyTracker(Shop(), timeProvider: Clock());
        tracker.Track(E("1", "ad", 0));
        tracker.Track(E("2", "win-back", 45, customer: "c1"));
        tracker.Track(E("3", "ad", 0, customer: "c2"));

        var c1 = tracker.GetJourney("c1")!;
        Assert.Equal(["awareness", "consideration", "lapsed", "consideration"], c1.Visits.Select(v => v.Stage));
        Assert.Equal((VisitCause.Inactivity, T0.AddDays(30)), (c1.Visits[2].Cause, c1.Visits[2].EnteredAt));

        Assert.Equal(0, tracker.Advance(T0.AddDays(29)));
        Assert.Equal(1 + 1, tracker.Advance(T0.AddDays(80)));
        Assert.Equal("lapsed", tracker.GetJourney("c2")!.Stage);
        Assert.Equal("lapsed", tracker.GetJourney("c1")!.Stage);
        Assert.Equal(T0.AddDays(75), tracker.GetJourney("c1")!.StageEnteredAt);
    }

    [Fact]
    public async Task Erase_ForgetsTheCustomerInMemoryAndInTheStore()
    {
        var store = new InMemoryJourneyStore();
        var tracker = new StoreBackedJourneyTracker(Shop(), store, timeProvider: Clock());
        await tracker.TrackAsync(E("1", "ad", 0));

        Assert.True(await tracker.EraseAsync("c1"));

        Assert.Null(await tracker.GetJourneyAsync("c1"));
        Assert.Null(await store.LoadAsync(new JourneyKey("shop", "c1")));
        Assert.Equal(TrackOutcome.Advanced, (await tracker.TrackAsync(E("1", "ad", 0))).Outcome);
    }

    [Fact]
    public async Task TrackBatchAndStream_ReturnOneResultPerEventInOrder()
    {
        var tracker = new StoreBackedJourneyTracker(Shop(), new InMemoryJourneyStore(), timeProvider: Clock());
        var batch = await tracker.TrackBatchAsync([E("1", "ad", 0), E("1", "ad", 0), E("2", "checkout", 1)]);

        Assert.Equal([TrackOutcome.Advanced, TrackOutcome.Duplicate, TrackOutcome.Advanced], batch.Select(r => r.Outcome));

        var streamed = new List<TrackResult>();
        await foreach (var r in tracker.TrackAsync(Stream()))
        {
            streamed.Add(r);
        }

        Assert.Equal([TrackOutcome.Advanced, TrackOutcome.Rejected], streamed.Select(r => r.Outcome));

        static async IAsyncEnumerable<TouchpointEvent> Stream()
        {
            await Task.Yield();
            yield return E("3", "review", 2);
            yield return E("4", "nope", 3);
        }
    }

    [Fact]
    public async Task NewTracker_OnAnExistingStore_LoadsAndContinuesTheJourney()
    {
        var store = new InMemoryJourneyStore();
        await new StoreBackedJourneyTracker(Shop(), store, timeProvider: Clock()).TrackAsync(E("1", "ad", 0));
        var restarted = new StoreBackedJourneyTracker(Shop(), store, timeProvider: Clock());

        var duplicate = await restarted.TrackAsync(E("1", "ad", 0));
        var next = await restarted.TrackAsync(E("2", "checkout", 1));

        Assert.Equal(TrackOutcome.Duplicate, duplicate.Outcome);
        Assert.Equal(("consideration", "purchase", 2L), (next.From, next.To, next.Version));
    }

    [Fact]
    public void Validator_FastCheckAgreesWithTheFluentValidator()
    {
        var engine = Shop();
        var validator = new TouchpointEventValidator(engine.Definition, timeProvider: Clock());
        var random = new Random(3);
        string?[] ids = [null, "", "e", new string('e', 129)];
        string?[] touchpoints = [null, "ad", "zzz"];
        DateTimeOffset[] times = [default, T0, Now.AddDays(2), new(1969, 1, 1, 0, 0, 0, TimeSpan.Zero)];
        decimal?[] values = [null, 0m, -0.01m, 5m, decimal.MaxValue];
        for (var i = 0; i < 500; i++)
        {
            var e = new TouchpointEvent(ids[random.Next(4)]!, ids[random.Next(4)]!, touchpoints[random.Next(3)]!, times[random.Next(4)]) { Value = values[random.Next(5)] };
            Assert.Equal(validator.Validate(e).IsValid, validator.Rules.FirstFailure(e, engine, out _) is null);
        }
    }
}
