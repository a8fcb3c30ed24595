using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Tracking;

public sealed class TrackerBatchTests
{
    private static TouchpointEvent[] RandomEvents(JourneyEngine engine, int count, int customers, int seed)
    {
        var random = new Random(seed);
        var touchpoints = engine.Definition.Touchpoints.Select(t => t.Id).Append("not-a-touchpoint").ToArray();
        var distinct = Enumerable.Range(0, count)
            .Select(i => new TouchpointEvent($"e{i}", $"c{random.Next(customers)}", touchpoints[random.Next(touchpoints.Length)], Now.AddDays(-50).AddMinutes(random.Next(70_000))))
            .ToArray();
        // an event id always names the same event; about a third of the sends repeat an earlier event
        return Enumerable.Range(0, count).Select(i => distinct[random.Next(3) == 0 ? random.Next(i + 1) : i]).ToArray();
    }

    /// <summary>Tracks <paramref name="events"/> one by one on one store-backed tracker and in batches on another.</summary>
    private static async Task<(StoreBackedJourneyTracker Single, StoreBackedJourneyTracker Batched, List<TrackResult> Expected, List<TrackResult> Actual)> TrackBothWays(JourneyEngine engine, TouchpointEvent[] events, int batchSize)
    {
        var single = new StoreBackedJourneyTracker(engine, new InMemoryJourneyStore(), timeProvider: Clock());
        var batched = new StoreBackedJourneyTracker(engine, new InMemoryJourneyStore(), timeProvider: Clock());
        var expected = new List<TrackResult>();
        foreach (var e in events)
        {
            expected.Add(await single.TrackAsync(e));
        }

        var actual = new List<TrackResult>();
        foreach (var chunk in events.Chunk(batchSize))
        {
            actual.AddRange(await batched.TrackBatchAsync(chunk));
        }

        return (single, batched, expected, actual);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(500)]
    public async Task TrackBatch_WithAStore_GivesTheSameOutcomesAndJourneysAsOneByOne(int batchSize)
    {
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var events = RandomEvents(engine, 3_000, 40, batchSize);
        var (single, batched, expected, actual) = await TrackBothWays(engine, events, batchSize);

        Assert.Equal(expected.Select(r => (r.Outcome, r.EventId, r.CustomerId, r.ReasonCode)), actual.Select(r => (r.Outcome, r.EventId, r.CustomerId, r.ReasonCode)));
        foreach (var customer in events.Select(e => e.CustomerId).Distinct())
        {
            Assert.Equal(View(await single.GetJourneyAsync(customer)), View(await batched.GetJourneyAsync(customer)));
        }
    }

    [Fact]
    public async Task BigBatches_DecidedOnSeveralThreads_EqualOneByOne()
    {
        // batches of 30,000 events take the parallel path (customers decided on several threads): every result, From/To
        // and version included, and every journey must equal tracking one by one
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var events = RandomEvents(engine, 60_000, 3_000, 3);
        var (single, batched, expected, actual) = await TrackBothWays(engine, events, 30_000);

        Assert.Equal(expected, actual);
        Assert.Contains(actual, r => r.Outcome == TrackOutcome.Duplicate);
        Assert.Contains(actual, r => r.Outcome == TrackOutcome.Advanced);
        foreach (var customer in events.Select(e => e.CustomerId).Distinct())
        {
            Assert.Equal(View(await single.GetJourneyAsync(customer)), View(await batched.GetJourneyAsync(customer)));
        }
    }

    [Fact]
    public async Task ABigResend_ThroughANewTracker_FoldsTheStoredJourneysOnSeveralThreads_AndFindsEveryEventADuplicate()
    {
        // a new tracker over a filled store loads 3,000 journeys per batch (folded in parallel): every re-sent event is a
        // duplicate at the journey's final stage and version, and the journeys read back equal the first tracker's
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var events = RandomEvents(engine, 60_000, 3_000, 5).Where(e => e.Touchpoint != "not-a-touchpoint").ToArray();
        var store = new InMemoryJourneyStore();
        var first = new StoreBackedJourneyTracker(engine, store, timeProvider: Clock());
        foreach (var chunk in events.Chunk(30_000))
        {
            await first.TrackBatchAsync(chunk);
        }

        var again = new StoreBackedJourneyTracker(engine, store, timeProvider: Clock());
        var results = new List<TrackResult>();
        foreach (var chunk in events.Chunk(30_000))
        {
            results.AddRange(await again.TrackBatchAsync(chunk));
        }

        Assert.All(results, r => Assert.Equal(TrackOutcome.Duplicate, r.Outcome));
        foreach (var customer in events.Select(e => e.CustomerId).Distinct())
        {
            var journey = await first.GetJourneyAsync(customer);
            Assert.Equal(View(journey), View(await again.GetJourneyAsync(customer)));
            var last = results.Last(r => r.CustomerId == customer);
            Assert.Equal((journey!.Stage, journey.Version), (last.To, last.Version));
        }
    }

    [Fact]
    public async Task ConcurrentBatches_FromTwoTrackersOnOneStore_NeitherLoseNorDoubleCount()
    {
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var events = RandomEvents(engine, 6_000, 12, 11).Where(e => e.Touchpoint != "not-a-touchpoint").ToArray();
        var store = new InMemoryJourneyStore();
        var trackers = new[] { new StoreBackedJourneyTracker(engine, store, timeProvider: Clock()), new StoreBackedJourneyTracker(engine, store, timeProvider: Clock()) };

        await Task.WhenAll(trackers.Select((tracker, k) => Task.Run(async () =>
        {
            foreach (var chunk in (k == 0 ? events : events.Reverse()).Chunk(250))
            {
                await tracker.TrackBatchAsync(chunk);
            }
        })));

        foreach (var customer in events.GroupBy(e => e.CustomerId))
        {
            var stored = await store.LoadAsync(new JourneyKey(engine.Definition.Name, customer.Key));
            Assert.Equal(customer.Select(e => e.EventId).Distinct().Count(), stored!.Version);
            Assert.Equal(View(JourneyFolder.Fold(engine, customer.Key, customer)), View(JourneyFolder.Fold(engine, customer.Key, stored.Events)));
        }
    }
}
