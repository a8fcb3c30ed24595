using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Identity;

/// <summary>
/// What a durable store must show of identity links: they survive a restart, and tracking on both ids from two host
/// instances while a third call links them loses and doubles nothing.
/// </summary>
public abstract class DurableIdentityTests
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly JourneyEngine _engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);

    /// <summary>Opens the test's database (the same one every call): a new store instance, as a restarted process would.</summary>
    protected abstract Task<IJourneyStore> OpenAsync();

    [Fact]
    public async Task Links_SurviveARestart_AndTheMergedJourneyWithThem()
    {
        var touchpoints = _engine.Definition.Touchpoints.Select(t => t.Id).ToArray();
        var events = new List<TouchpointEvent>();
        for (var i = 0; i < 12; i++)
        {
            events.Add(new TouchpointEvent($"e{i:D2}", i % 3 == 0 ? "cookie-1" : i % 3 == 1 ? "device-9" : "c-42", touchpoints[i % touchpoints.Length], T0.AddHours(i)));
        }

        string expected;
        await using (var store = await OpenAsync())
        {
            var tracker = new StoreBackedJourneyTracker(_engine, store, timeProvider: Clock());
            await tracker.TrackBatchAsync(events.Take(6), TestContext.Current.CancellationToken);
            Assert.Equal(LinkOutcome.Linked, (await tracker.LinkAsync("cookie-1", "c-42", TestContext.Current.CancellationToken)).Outcome);
            Assert.Equal(LinkOutcome.Linked, (await tracker.LinkAsync("device-9", "cookie-1", TestContext.Current.CancellationToken)).Outcome);
            await tracker.TrackBatchAsync(events.Skip(6), TestContext.Current.CancellationToken);
            expected = View(await tracker.GetJourneyAsync("c-42", TestContext.Current.CancellationToken));
        }

        await using var reopened = await OpenAsync();
        var restarted = new StoreBackedJourneyTracker(_engine, reopened, timeProvider: Clock());

        Assert.Equal(new IdentityGroup { CustomerId = "c-42", Ids = ["c-42", "cookie-1", "device-9"] }, await reopened.ResolveAsync("device-9", TestContext.Current.CancellationToken));
        Assert.Equal(expected, View(await restarted.GetJourneyAsync("device-9", TestContext.Current.CancellationToken)));
        Assert.Equal(OneId(events, "c-42"), expected);
        Assert.Equal(LinkOutcome.Conflict, (await restarted.LinkAsync("cookie-1", "c-7", TestContext.Current.CancellationToken)).Outcome);
        var after = await restarted.TrackAsync(new TouchpointEvent("late", "device-9", touchpoints[0], T0.AddDays(2)), TestContext.Current.CancellationToken);
        Assert.Equal("c-42", after.CustomerId);
        Assert.Equal(13, (await restarted.GetJourneyAsync("cookie-1", TestContext.Current.CancellationToken))!.TouchCount);
    }

    [Fact]
    public async Task TrackingOnBothIds_FromTwoInstancesWhileLinking_LosesAndDoublesNothing()
    {
        var touchpoints = _engine.Definition.Touchpoints.Select(t => t.Id).ToArray();
        var random = new Random(20251001);
        var anonymous = new List<TouchpointEvent>();
        var known = new List<TouchpointEvent>();
        for (var i = 0; i < 150; i++)
        {
            var at = T0.AddMinutes(random.Next(0, 60 * 24 * 30));
            anonymous.Add(new TouchpointEvent($"a{i:D3}", "anon-7", touchpoints[random.Next(touchpoints.Length)], at));
            known.Add(new TouchpointEvent($"k{i:D3}", "cust-7", touchpoints[random.Next(touchpoints.Length)], at.AddSeconds(1)));
        }

        // some events are sent under both ids, by both instances: one touch each in the end
        var both = anonymous.Where((_, i) => i % 10 == 0).Select(e => e with { CustomerId = "cust-7" }).ToList();
        known.AddRange(both);
        var expected = OneId([.. anonymous, .. known], "cust-7");

        // after the link both instances write one customer's stream as fast as they can: the worst case for optimistic
        // concurrency, so the retry budget is raised (this test is about what is stored, not about how often writers retry)
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();
        var options = new JourneyTrackerOptions { CacheCapacity = 16, MaxConflictRetries = 200 };
        var one = new StoreBackedJourneyTracker(_engine, first, options, Clock());
        var other = new StoreBackedJourneyTracker(_engine, second, options, Clock());
        using var start = new SemaphoreSlim(0, 3);
        var half = new TaskCompletionSource();
        var trackAnonymous = Task.Run(async () =>
        {
            await start.WaitAsync(TestContext.Current.CancellationToken);
            for (var i = 0; i < anonymous.Count; i++)
            {
                if (i == anonymous.Count / 2)
                {
                    half.TrySetResult();
                }

                // alternate single events and small batches
                if (i % 5 == 4)
                {
                    await one.TrackBatchAsync([anonymous[i]], TestContext.Current.CancellationToken);
                }
                else
                {
                    await one.TrackAsync(anonymous[i], TestContext.Current.CancellationToken);
                }
            }
        });
        var trackKnown = Task.Run(async () =>
        {
            await start.WaitAsync(TestContext.Current.CancellationToken);
            foreach (var e in known)
            {
                await other.TrackAsync(e, TestContext.Current.CancellationToken);
            }
        });
        var link = Task.Run(async () =>
        {
            await start.WaitAsync(TestContext.Current.CancellationToken);
            await half.Task;
            return await other.LinkAsync("anon-7", "cust-7", TestContext.Current.CancellationToken);
        });
        start.Release(3);
        await Task.WhenAll(trackAnonymous, trackKnown, link);

        Assert.Equal(LinkOutcome.Linked, (await link).Outcome);
        await using var reader = await OpenAsync();
        var fresh = new StoreBackedJourneyTracker(_engine, reader, timeProvider: Clock());
        var merged = await fresh.GetJourneyAsync("anon-7", TestContext.Current.CancellationToken);
        Assert.Equal(expected, View(merged));
        Assert.Equal(300, merged!.TouchCount);
        Assert.Equal(expected, View(await one.GetJourneyAsync("cust-7", TestContext.Current.CancellationToken)));

        // the analytics' view: one journey, every event id once
        var journeys = new List<StoredJourney>();
        await foreach (var journey in reader.ReadAllAsync(_engine.Definition.Name, TestContext.Current.CancellationToken))
        {
            journeys.Add(journey);
        }

        var only = Assert.Single(journeys);
        Assert.Equal("cust-7", only.Key.CustomerId);
        Assert.Equal(300, only.Events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(300, only.Events.Count);
    }

    /// <summary>The view of every event tracked under one id, in time order, each event id once.</summary>
    private string OneId(IEnumerable<TouchpointEvent> events, string customerId)
    {
        var tracker = new JourneyTracker(_engine, timeProvider: Clock());
        foreach (var e in Sorted(events.Select(e => e with { CustomerId = customerId }).DistinctBy(e => e.EventId)))
        {
            tracker.Track(e);
        }

        return View(tracker.GetJourney(customerId));
    }
}
