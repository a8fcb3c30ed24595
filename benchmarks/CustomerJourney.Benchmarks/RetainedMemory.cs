using CustomerJourney.Engine;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;

namespace CustomerJourney.Benchmarks;

/// <summary>
/// Memory retained by a <see cref="JourneyTracker"/> without a store: N customers x M touches, measured with
/// GC.GetTotalMemory(true) before and after tracking. The events (and so their id strings, which the caller owns)
/// are created before the first measurement and kept alive past the second, so only the tracker's own structures count.
/// Every touch advances the customer (awareness -> consideration, then the cycle consideration -> purchase ->
/// post-purchase -> consideration), so each touch also opens a visit. Fitted over two M values:
/// bytes(M) = perCustomer + perTouch * M.
/// </summary>
internal static class RetainedMemory
{
    private static readonly string[] Cycle = ["store-purchase", "newsletter", "newsletter"];

    public static void Run(int customers = 100_000)
    {
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        Console.WriteLine($"Retained memory, JourneyTracker without a store, five-stage template, {customers:N0} customers, every touch advancing");
        Console.WriteLine();
        Console.WriteLine("| touches per customer (M) | bytes per customer (total / N) |");
        Console.WriteLine("|---:|---:|");
        var results = new Dictionary<int, double>();
        foreach (var m in new[] { 1, 2, 4, 8, 16, 32 })
        {
            results[m] = Measure(engine, customers, m);
            Console.WriteLine($"| {m} | {results[m]:F1} |");
        }

        Console.WriteLine();
        foreach (var (a, b) in new[] { (4, 8), (8, 16), (16, 32) })
        {
            var perTouch = (results[b] - results[a]) / (b - a);
            var perCustomer = results[a] - (perTouch * a);
            Console.WriteLine($"fit over M = {a} and {b}: {perCustomer:F1} bytes per customer + {perTouch:F1} bytes per touch");
        }
    }

    private static double Measure(JourneyEngine engine, int customers, int touches)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-10);
        var events = new TouchpointEvent[customers * touches];
        var ids = new string[customers];
        for (var c = 0; c < customers; c++)
        {
            ids[c] = $"cust-{c:D7}";
        }

        var n = 0;
        for (var k = 0; k < touches; k++)
        {
            var touchpoint = k == 0 ? "search-ad" : Cycle[(k - 1) % Cycle.Length];
            for (var c = 0; c < customers; c++)
            {
                events[n] = new TouchpointEvent($"e-{n:D8}", ids[c], touchpoint, start.AddMilliseconds(n));
                n++;
            }
        }

        var before = GC.GetTotalMemory(true);
        var tracker = new JourneyTracker(engine);
        foreach (var e in events)
        {
            if (tracker.Track(e).Outcome != TrackOutcome.Advanced)
            {
                throw new InvalidOperationException($"Event {e} did not advance.");
            }
        }

        var after = GC.GetTotalMemory(true);
        GC.KeepAlive(tracker);
        GC.KeepAlive(events);
        GC.KeepAlive(ids);
        return (after - before) / (double)customers;
    }
}
