using CustomerJourney.Engine;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Benchmarks;

/// <summary>
/// What identity links cost a host: <c>--identity [customers]</c> tracks customers x 4 events through a
/// <see cref="StoreBackedJourneyTracker"/>, one event at a time, over the in-memory store and over a SQLite file
/// (<c>synchronous=NORMAL</c>), once with no link in the store and once with every customer's anonymous id linked
/// halfway (events alternate between the anonymous and the known id, so half of them are written through a link and
/// every journey is a merge). Also times <see cref="IJourneyStore.ResolveAsync"/> alone. Prints the thread CPU time per
/// event (median of 5 runs), so time spent preempted by other processes does not count.
/// </summary>
internal static class IdentityRun
{
    public static async Task RunAsync(int customers = 2_000)
    {
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        Console.WriteLine($"identity run: {customers:N0} customers x 4 events, one TrackAsync per event, median of 5 runs ({(ThreadClock.IsThreadTime ? "thread CPU time" : "wall time")})");
        Console.WriteLine("| store | links | tracking, per event | ResolveAsync alone, per call |");
        Console.WriteLine("|---|---|---:|---:|");
        foreach (var kind in new[] { "in-memory", "SQLite" })
        {
            foreach (var linked in new[] { false, true })
            {
                var track = new List<double>();
                var resolve = new List<double>();
                for (var run = 0; run < 5; run++)
                {
                    var (t, r) = await OnceAsync(engine, kind, customers, linked);
                    track.Add(t);
                    resolve.Add(r);
                }

                track.Sort();
                resolve.Sort();
                Console.WriteLine($"| {kind} | {(linked ? "every customer linked halfway" : "none")} | {track[2] / 1000:F1} µs | {resolve[2] / 1000:F1} µs |");
            }
        }
    }

    private static async Task<(double TrackNs, double ResolveNs)> OnceAsync(JourneyEngine engine, string kind, int customers, bool linked)
    {
        var directory = Directory.CreateTempSubdirectory("cj-identity-run-");
        try
        {
            await using var store = kind == "SQLite"
                ? new SqliteJourneyStore(new SqliteJourneyStoreOptions { Path = Path.Combine(directory.FullName, "journeys.db"), Synchronous = SqliteSynchronousMode.Normal })
                : (IJourneyStore)new InMemoryJourneyStore();
            var tracker = new StoreBackedJourneyTracker(engine, store, new JourneyTrackerOptions { CacheCapacity = customers * 2 });
            var touchpoints = new[] { "search-ad", "comparison-site", "web-shop-checkout", "newsletter" };
            var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var events = new List<TouchpointEvent>();
            for (var round = 0; round < 4; round++)
            {
                for (var c = 0; c < customers; c++)
                {
                    var id = linked && round % 2 == 0 ? $"anon-{c:D7}" : $"cust-{c:D7}";
                    events.Add(new TouchpointEvent($"e{round}-{c}", id, touchpoints[round], at.AddSeconds((round * (double)customers) + c)));
                }
            }

            var started = ThreadClock.Nanoseconds();
            for (var i = 0; i < events.Count; i++)
            {
                if (linked && i == events.Count / 4)
                {
                    for (var c = 0; c < customers; c++)
                    {
                        await tracker.LinkAsync($"anon-{c:D7}", $"cust-{c:D7}");
                    }
                }

                await tracker.TrackAsync(events[i]);
            }

            var trackNs = (ThreadClock.Nanoseconds() - started) / (double)events.Count;
            started = ThreadClock.Nanoseconds();
            for (var c = 0; c < customers; c++)
            {
                await store.ResolveAsync($"anon-{c:D7}");
            }

            var resolveNs = (ThreadClock.Nanoseconds() - started) / (double)customers;
            if ((await tracker.GetJourneyAsync("cust-0000000"))?.TouchCount != 4)
            {
                throw new InvalidOperationException("the run did not track what it should have");
            }

            return (trackNs, resolveNs);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
