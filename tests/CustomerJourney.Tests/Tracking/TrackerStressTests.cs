using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Tracking;

public sealed class TrackerStressTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ManyThreads_FewCustomers_EveryJourneyEqualsTheSequentialFold(bool withStore)
    {
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var store = withStore ? new InMemoryJourneyStore() : null;
        IJourneyTracker tracker = store is null ? new JourneyTracker(engine, timeProvider: Clock()) : new StoreBackedJourneyTracker(engine, store, timeProvider: Clock());
        var touchpoints = engine.Definition.Touchpoints.Select(t => t.Id).ToArray();
        var random = new Random(7);
        var events = Enumerable.Range(0, 20_000)
            .Select(i => new TouchpointEvent($"e{i}", $"c{random.Next(8)}", touchpoints[random.Next(touchpoints.Length)], Now.AddDays(-60).AddMinutes(random.Next(80_000))))
            .ToArray();
        // every event is sent twice, from different threads, in different orders
        var sends = events.Concat(events).OrderBy(_ => random.Next()).ToArray();
        var outcomes = new TrackOutcome[sends.Length];

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; i < sends.Length; i += 8)
            {
                outcomes[i] = (await tracker.TrackAsync(sends[i])).Outcome;
            }
        })));

        Assert.Equal(events.Length, outcomes.Count(o => o == TrackOutcome.Duplicate));
        Assert.Equal(events.Length, outcomes.Count(o => o != TrackOutcome.Duplicate));
        foreach (var customer in events.GroupBy(e => e.CustomerId))
        {
            var expected = JourneyFolder.Fold(engine, customer.Key, customer);
            Assert.Equal(View(expected), View(await tracker.GetJourneyAsync(customer.Key)));
            if (store is not null)
            {
                var stored = await store.LoadAsync(new JourneyKey(engine.Definition.Name, customer.Key));
                Assert.Equal(customer.Count(), stored!.Version);
            }
        }
    }

    [Fact]
    public async Task TwoTrackers_SharingAStore_ResolveConflictsWithoutLoss()
    {
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var store = new InMemoryJourneyStore();
        var trackers = new[] { new StoreBackedJourneyTracker(engine, store, timeProvider: Clock()), new StoreBackedJourneyTracker(engine, store, timeProvider: Clock()) };
        var touchpoints = engine.Definition.Touchpoints.Select(t => t.Id).ToArray();
        var events = Enumerable.Range(0, 4_000)
            .Select(i => new TouchpointEvent($"e{i}", $"c{i % 5}", touchpoints[i % touchpoints.Length], Now.AddDays(-30).AddMinutes(i)))
            .ToArray();

        await Task.WhenAll(trackers.Select((tracker, k) => Task.Run(async () =>
        {
            foreach (var e in k == 0 ? events : events.Reverse())
            {
                await tracker.TrackAsync(e);
            }
        })));

        foreach (var customer in events.GroupBy(e => e.CustomerId))
        {
            var expected = View(JourneyFolder.Fold(engine, customer.Key, customer));
            var stored = await store.LoadAsync(new JourneyKey(engine.Definition.Name, customer.Key));
            Assert.Equal(customer.Count(), stored!.Version);
            Assert.Equal(expected, View(JourneyFolder.Fold(engine, customer.Key, stored.Events)));
            Assert.Equal(expected, View(await new StoreBackedJourneyTracker(engine, store, timeProvider: Clock()).GetJourneyAsync(customer.Key)));
        }
    }
}
