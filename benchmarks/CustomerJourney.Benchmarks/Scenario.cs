using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;

namespace CustomerJourney.Benchmarks;

/// <summary>
/// Pre-generated workload on the five-stage template. Every customer is warmed with one touch that keeps them in
/// awareness (pr-article, internal), then receives up to three events that each advance them:
/// awareness -search-ad-> consideration -store-purchase-> purchase -newsletter-> post-purchase.
/// Events carry globally increasing timestamps (1 ms apart) and unique ids, so every event is in order (the advance path).
/// </summary>
internal sealed class Scenario
{
    public const int EventsPerRun = 30_000;
    public const int MaxEventsPerCustomer = 3;
    public static readonly string[] Cycle = ["search-ad", "store-purchase", "newsletter"];
    public const string WarmTouchpoint = "pr-article";

    public Scenario(int customers, int seed = 42)
    {
        Engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        Customers = new string[customers];
        for (var i = 0; i < customers; i++)
        {
            Customers[i] = $"cust-{i:D7}";
        }

        var start = DateTimeOffset.UtcNow.AddDays(-10);
        WarmEvents = new TouchpointEvent[customers];
        for (var i = 0; i < customers; i++)
        {
            WarmEvents[i] = new TouchpointEvent($"w-{i:D7}", Customers[i], WarmTouchpoint, start.AddMilliseconds(-customers + i));
        }

        // Draw EventsPerRun customers at random, none more than MaxEventsPerCustomer times.
        var random = new Random(seed);
        var counts = new int[customers];
        var order = new int[EventsPerRun];
        if ((long)customers * MaxEventsPerCustomer == EventsPerRun)
        {
            // Exactly three per customer: a shuffled multiset.
            for (var i = 0; i < EventsPerRun; i++)
            {
                order[i] = i % customers;
            }

            random.Shuffle(order);
        }
        else
        {
            for (var i = 0; i < EventsPerRun; i++)
            {
                int c;
                do
                {
                    c = random.Next(customers);
                }
                while (counts[c] == MaxEventsPerCustomer);
                counts[c]++;
                order[i] = c;
            }

            Array.Clear(counts);
        }

        Events = new TouchpointEvent[EventsPerRun];
        CustomerIndex = order;
        TouchpointIndex = new int[EventsPerRun];
        for (var i = 0; i < EventsPerRun; i++)
        {
            var c = order[i];
            var touchpoint = Cycle[counts[c]++];
            Events[i] = new TouchpointEvent($"e-{i:D7}", Customers[c], touchpoint, start.AddMilliseconds(i));
            Engine.TryGetTouchpointIndex(touchpoint, out TouchpointIndex[i]);
        }

        // The bare transition table: next stage per (stage, touchpoint), unguarded.
        StageCount = Engine.StageCount;
        TouchpointCount = Engine.TouchpointCount;
        Table = new int[StageCount * TouchpointCount];
        for (var s = 0; s < StageCount; s++)
        {
            for (var t = 0; t < TouchpointCount; t++)
            {
                Table[(s * TouchpointCount) + t] = Engine.Fire(s, t, default).To;
            }
        }

        StartStage = Engine.StartStageIndex;
    }

    public JourneyEngine Engine { get; }

    public string[] Customers { get; }

    public TouchpointEvent[] WarmEvents { get; }

    public TouchpointEvent[] Events { get; }

    public int[] CustomerIndex { get; }

    public int[] TouchpointIndex { get; }

    public int[] Table { get; }

    public int StageCount { get; }

    public int TouchpointCount { get; }

    public int StartStage { get; }
}
