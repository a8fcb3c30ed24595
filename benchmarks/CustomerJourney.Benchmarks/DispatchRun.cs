using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CustomerJourney.Acting;
using CustomerJourney.Engine;
using CustomerJourney.Hosting;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerJourney.Benchmarks;

/// <summary>
/// <c>--dispatch [CUSTOMERS] [EVENTS-PER-CUSTOMER]</c>: the dispatcher over SQLite with a no-op handler.
/// Throughput: a store pre-filled with the five-stage journey's events is drained by one dispatcher (derive, claim, call,
/// complete), timed from start to the last handler call. Delay: a tracker commits events at a steady rate while a
/// running dispatcher delivers them; the delay from the commit (the tracker call's return) to the handler call is
/// recorded per transition, at two poll intervals.
/// </summary>
internal static class DispatchRun
{
    public static async Task RunAsync(string[] args)
    {
        var numbers = args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var customers = numbers.Length > 0 ? numbers[0] : 20_000;
        var perCustomer = numbers.Length > 1 ? numbers[1] : 5;
        Console.WriteLine($"dispatch over SQLite, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        for (var run = 0; run < 3; run++)
        {
            await ThroughputAsync(customers, perCustomer);
        }

        foreach (var poll in new[] { 200, 20 })
        {
            await DelayAsync(TimeSpan.FromMilliseconds(poll), rate: 500, seconds: 10);
        }
    }

    private static async Task ThroughputAsync(int customers, int perCustomer)
    {
        var directory = Directory.CreateTempSubdirectory("cj-dispatch-bench-");
        try
        {
            var path = Path.Combine(directory.FullName, "journeys.db");
            var expected = await FillAsync(path, customers, perCustomer);
            long calls = 0;
            var done = new TaskCompletionSource();
            await using var services = Services(path, TimeSpan.FromMilliseconds(20), _ =>
            {
                if (Interlocked.Increment(ref calls) == expected)
                {
                    done.TrySetResult();
                }
            });
            var dispatcher = services.GetRequiredService<JourneyDispatcher>();
            using var stop = new CancellationTokenSource();
            var clock = Stopwatch.StartNew();
            var running = dispatcher.RunAsync(stop.Token);
            await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
            var elapsed = clock.Elapsed;
            await stop.CancelAsync();
            await running;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput: {customers:N0} customers x {perCustomer} events = {customers * perCustomer:N0} events, {expected:N0} transitions delivered in {elapsed.TotalSeconds:F2} s = {expected / elapsed.TotalSeconds:N0} transitions/s"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static async Task DelayAsync(TimeSpan poll, int rate, int seconds)
    {
        var directory = Directory.CreateTempSubdirectory("cj-dispatch-delay-");
        try
        {
            var path = Path.Combine(directory.FullName, "journeys.db");
            var committed = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            var delays = new ConcurrentBag<double>();
            await using var services = Services(path, poll, t =>
            {
                var at = Stopwatch.GetTimestamp();
                if (t.EventId is { } id && committed.TryGetValue(id, out var commit))
                {
                    delays.Add(Stopwatch.GetElapsedTime(commit, at).TotalMilliseconds);
                }
            });
            var tracker = services.GetRequiredService<IJourneyTracker>();
            var dispatcher = services.GetRequiredService<JourneyDispatcher>();
            using var stop = new CancellationTokenSource();
            var running = dispatcher.RunAsync(stop.Token);
            var touchpoints = new[] { "search-ad", "web-shop-checkout", "newsletter", "review-request" }; // each moves the customer on
            var t0 = DateTimeOffset.UtcNow.AddDays(-1);
            var total = rate * seconds;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < total; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                var customer = $"c{i / touchpoints.Length:D6}";
                var id = $"e{i}";
                var result = await tracker.TrackAsync(new TouchpointEvent(id, customer, touchpoints[i % touchpoints.Length], t0.AddSeconds(i)));
                committed[id] = Stopwatch.GetTimestamp(); // the handler may already have run: then this transition's delay is not counted
                if (result.Outcome != TrackOutcome.Advanced)
                {
                    throw new InvalidOperationException($"event {id} did not advance: {result}");
                }
            }

            var deadline = Stopwatch.StartNew();
            while (delays.Count < total * 0.99 && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }

            await stop.CancelAsync();
            await running;
            var sorted = delays.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"delay, poll {poll.TotalMilliseconds} ms, {rate}/s for {seconds} s: {sorted.Length:N0} of {total:N0} transitions timed, commit-to-handler median {Percentile(sorted, 0.5):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms, max {sorted[^1]:F1} ms"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(p * sorted.Length))];

    private static ServiceProvider Services(string path, TimeSpan poll, Action<JourneyTransition> handler)
    {
        var services = new ServiceCollection();
        services.AddCustomerJourney(journeys =>
        {
            journeys.AddTemplate("five-stage");
            journeys.UseSqliteStore(o =>
            {
                o.Path = path;
                o.Synchronous = SqliteSynchronousMode.Normal;
            });
            journeys.OnTransition(null, null, handler, name: "no-op");
            journeys.ConfigureDispatcher(o =>
            {
                o.PollInterval = poll;
                o.BatchSize = 2_000;
                o.ApplyLapses = false;
            });
        });
        return services.BuildServiceProvider();
    }

    /// <summary>Fills the store with random five-stage events and returns the number of transitions its feed holds.</summary>
    private static async Task<long> FillAsync(string path, int customers, int perCustomer)
    {
        await using var store = new SqliteJourneyStore(new SqliteJourneyStoreOptions { Path = path, Synchronous = SqliteSynchronousMode.Normal });
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var tracker = new StoreBackedJourneyTracker(engine, store);
        var touchpoints = JourneyTemplates.FiveStage.Touchpoints.Select(t => t.Id).ToArray();
        var random = new Random(11);
        var t0 = DateTimeOffset.UtcNow.AddDays(-200);
        var events = Enumerable.Range(0, customers * perCustomer)
            .Select(i => new TouchpointEvent($"e{i}", $"c{i % customers:D7}", touchpoints[random.Next(touchpoints.Length)], t0.AddSeconds(i)))
            .ToList();
        foreach (var batch in events.Chunk(10_000))
        {
            await tracker.TrackBatchAsync(batch);
        }

        long transitions = 0;
        var replays = new Dictionary<JourneyKey, JourneyReplay>();
        long position = 0;
        for (IReadOnlyList<StoredEvent> page; (page = await store.ReadSinceAsync(position, 10_000)).Count > 0; position = page[^1].Position)
        {
            foreach (var e in page)
            {
                if (!replays.TryGetValue(e.Key, out var replay))
                {
                    replays[e.Key] = replay = new JourneyReplay(engine, e.Key);
                }

                transitions += replay.Apply(e) is null ? 0 : 1;
            }
        }

        return transitions;
    }
}
