using System.Diagnostics;
using CustomerJourney.Engine;
using CustomerJourney.Sqlite;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Benchmarks;

/// <summary>
/// A host's memory over a long run: <c>--host-memory [customers] [cache]</c> tracks N distinct customers x 3 events
/// through a <see cref="StoreBackedJourneyTracker"/> over a fresh SQLite file (batches of 10,000, three passes over the
/// customers in different random orders, so most events find their journey evicted and reload it), then looks up
/// 1,000,000 unknown ids. Prints managed heap (after a full collection) and the process's working set every 10 % of
/// the run, and the peaks. Default: 2,000,000 customers, cache limit 50,000 journeys.
/// </summary>
internal static class HostMemoryRun
{
    private const int BatchSize = 10_000;

    public static async Task RunAsync(int customers = 2_000_000, int cache = 50_000)
    {
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var touchpoints = new[] { "search-ad", "comparison-site", "web-shop-checkout" };
        var directory = Directory.CreateTempSubdirectory("cj-host-memory-");
        var path = Path.Combine(directory.FullName, "journeys.db");
        var peakManaged = 0L; // after a full collection: what the run retains
        var peakHeap = 0L; // sampled after every batch without collecting: garbage included
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        StoreBackedJourneyTracker? tracker = null;
        try
        {
            await using var store = new SqliteJourneyStore(path);
            tracker = new StoreBackedJourneyTracker(engine, store, new JourneyTrackerOptions { CacheCapacity = cache });
            var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            Console.WriteLine($"host memory run: {customers:N0} customers x 3 events, cache {cache:N0} journeys, SQLite {path}");
            Console.WriteLine("| phase | events or lookups done | managed heap after GC (MB) | working set (MB) | cached journeys | elapsed (s) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            var total = customers * 3L;
            var done = 0L;
            var nextReport = total / 10;
            var batch = new List<TouchpointEvent>(BatchSize);
            for (var pass = 0; pass < 3; pass++)
            {
                var order = Enumerable.Range(0, customers).ToArray();
                new Random(pass + 1).Shuffle(order);
                foreach (var c in order)
                {
                    batch.Add(new TouchpointEvent($"e{pass}-{c}", $"customer-{c:D8}", touchpoints[pass], at.AddSeconds((pass * (double)customers) + c)));
                    if (batch.Count == BatchSize)
                    {
                        var results = await tracker.TrackBatchAsync(batch);
                        if (results.FirstOrDefault(r => !r.IsRecorded) is { EventId: not null } refused)
                        {
                            throw new InvalidOperationException($"event {refused.EventId} was {refused.Outcome}: {refused.Reason}");
                        }

                        done += batch.Count;
                        batch.Clear();
                        peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                        if (done >= nextReport)
                        {
                            Report("track", done);
                            nextReport += total / 10;
                        }
                    }
                }
            }

            if (batch.Count > 0)
            {
                await tracker.TrackBatchAsync(batch);
                done += batch.Count;
            }

            Report("track", done);
            for (var i = 1; i <= 1_000_000; i++)
            {
                if (await tracker.GetJourneyAsync($"unknown-{i}") is not null)
                {
                    throw new InvalidOperationException("an unknown customer has a journey");
                }

                if (i % 250_000 == 0)
                {
                    Report("unknown lookups", i);
                }
            }

            var sample = await tracker.GetJourneyAsync("customer-00000042");
            Console.WriteLine();
            Console.WriteLine($"peak managed heap after GC: {peakManaged / 1e6:F1} MB; peak managed heap sampled between batches (garbage included): {peakHeap / 1e6:F1} MB; peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F1} MB; database {new FileInfo(path).Length / 1e6:F0} MB; customer-00000042 in {sample?.Stage} v{sample?.Version}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }

        void Report(string phase, long count)
        {
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            peakManaged = Math.Max(peakManaged, managed);
            Console.WriteLine($"| {phase} | {count:N0} | {managed / 1e6:F1} | {Environment.WorkingSet / 1e6:F1} | {tracker?.CachedCount ?? 0:N0} | {time.GetElapsedTime(started).TotalSeconds:F0} |");
        }
    }
}
