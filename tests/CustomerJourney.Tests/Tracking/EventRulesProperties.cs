using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Tracking;

/// <summary>
/// The event rules have one source: the trackers' allocation-free check and the FluentValidation validator name the
/// same first failure for any event, including every field at and beyond its limits.
/// </summary>
public sealed class EventRulesProperties
{
    private static readonly JourneyEngine Engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
    private static readonly JourneyTrackerOptions Options = new() { MaxIdLength = 8, MaxValue = 100m, MaxProperties = 2, MaxPropertyKeyLength = 3, MaxFutureSkew = TimeSpan.FromHours(1) };

    private static Arbitrary<TouchpointEvent> EdgeEvents()
    {
        var ids = Gen.Elements<string?>(null, string.Empty, "e", "12345678", "123456789", "ž-7");
        var touchpoints = Gen.Elements<string?>(null, string.Empty, "nope", Engine.Definition.Touchpoints[0].Id, Engine.Definition.Touchpoints[^1].Id);
        var times = Gen.Elements(
            DateTimeOffset.MinValue,
            new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero),
            new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Now,
            Now.AddHours(1),
            Now.AddHours(1).AddTicks(1),
            new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero),
            DateTimeOffset.MaxValue,
            new DateTimeOffset(2025, 1, 1, 10, 0, 0, TimeSpan.FromHours(5)));
        var values = Gen.Elements<decimal?>(null, -0.01m, 0m, 100m, 100.01m, decimal.MaxValue, decimal.MinValue);
        var texts = Gen.Elements<string?>(null, string.Empty, "web", new string('x', 128), new string('x', 129));
        var bags = Gen.Elements<IReadOnlyDictionary<string, string>?>(
            null,
            new Dictionary<string, string>(),
            new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
            new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" },
            new Dictionary<string, string> { ["long"] = "1" },
            new Dictionary<string, string> { [string.Empty] = "1" },
            new Dictionary<string, string> { ["a"] = new string('v', 48) },
            new Dictionary<string, string> { ["a"] = new string('v', 49) },
            new Dictionary<string, string> { ["a"] = null! });
        return (from eventId in ids
                from customerId in ids
                from touchpoint in touchpoints
                from at in times
                from value in values
                from channel in texts
                from segment in texts
                from bag in bags
                select new TouchpointEvent(eventId!, customerId!, touchpoint!, at) { Channel = channel, Value = value, Segment = segment, Properties = bag }).ToArbitrary();
    }

    [Property(MaxTest = 2_000)]
    public Property FastCheck_NamesTheValidatorsFirstFailure() =>
        Prop.ForAll(EdgeEvents(), e =>
        {
            var validator = new TouchpointEventValidator(Engine.Definition, Options, Clock());
            var expected = validator.Validate(e).Errors.FirstOrDefault()?.ErrorCode;
            Assert.Equal(expected, validator.Rules.FirstFailure(e, Engine, out _));
            return Prop.ToProperty(true).Classify(expected is null, "valid").Classify(expected is not null, "invalid");
        });

    [Property(MaxTest = 500)]
    public Property Trackers_RejectExactlyWhatTheValidatorRejects_WithItsCode() =>
        Prop.ForAll(EdgeEvents(), e =>
        {
            var expected = new TouchpointEventValidator(Engine.Definition, Options, Clock()).Validate(e).Errors.FirstOrDefault()?.ErrorCode;
            var inMemory = new JourneyTracker(Engine, Options, Clock()).Track(e);
            var stored = new StoreBackedJourneyTracker(Engine, new InMemoryJourneyStore(), Options, Clock()).TrackAsync(e).AsTask().GetAwaiter().GetResult();
            Assert.Equal(expected is not null, inMemory.Outcome == TrackOutcome.Rejected);
            Assert.Equal(expected, inMemory.Outcome == TrackOutcome.Rejected ? inMemory.ReasonCode : null);
            Assert.Equal(inMemory, stored);
            var listed = new JourneyTracker(Engine, Options, Clock()).Validate(e); // the public entry point: every failure, the tracker's first
            Assert.Equal(expected, listed.Count == 0 ? null : listed[0].Code);
            Assert.Equal(listed, new StoreBackedJourneyTracker(Engine, new InMemoryJourneyStore(), Options, Clock()).Validate(e));
        });

    [Property(MaxTest = 200)]
    public Property Lookups_OfAnyUnknownId_LeaveNothingBehind() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NonEmptyString[]>(), ids =>
        {
            var memory = new JourneyTracker(Engine, timeProvider: Clock());
            var store = new InMemoryJourneyStore();
            var stored = new StoreBackedJourneyTracker(Engine, store, timeProvider: Clock());
            var known = new TouchpointEvent("k1", "known", Engine.Definition.Touchpoints[0].Id, Now.AddDays(-1));
            memory.Track(known);
            stored.TrackAsync(known).AsTask().GetAwaiter().GetResult();

            foreach (var id in ids.Select(i => i.Get).Where(i => i != "known"))
            {
                Assert.Null(memory.GetJourney(id));
                Assert.Null(stored.GetJourneyAsync(id).AsTask().GetAwaiter().GetResult());
                Assert.Null(stored.GetJourneyAsync(id, ReadConsistency.Cached).AsTask().GetAwaiter().GetResult());
            }

            Assert.Equal(1, memory.Count);
            Assert.Single(memory.GetJourneys());
            Assert.Equal(1, stored.CachedCount);
            Assert.Equal(1, store.Count);
        });
}
