using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;
using Stateless;

namespace CustomerJourney.Benchmarks;

/// <summary>
/// Per tracked event, steady state, advance path: customers exist (warmed with one touch each), events are drawn at
/// random over the customers, in time order, each one advancing its customer. Every iteration restores the warm state
/// in [IterationSetup] (not measured) so each customer gets at most three events per measured iteration and touches
/// stay bounded (no history growth inside the measurement; see benchmarks/README.md).
/// </summary>
[MemoryDiagnoser]
public class TrackingBenchmarks
{
    private Scenario _s = null!;
    private Dictionary<string, int> _stages = null!;
    private Dictionary<string, Box> _boxes = null!;
    private Dictionary<string, StateMachine<string, string>> _machines = null!;
    private JourneyTracker _tracker = null!;
    private StoreBackedJourneyTracker _storeTracker = null!;

    [Params(10_000, 1_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        // With [IterationSetup] every iteration is a single invocation, so a handful of warm-up iterations would leave
        // the hot methods at tier 0. Run every case on a small scenario first, long enough for tiered JIT (and PGO)
        // to promote them, so that the measured iterations run fully optimised code.
        var small = new Scenario(10_000, seed: 7);
        var stages = small.Customers.ToDictionary(c => c, _ => small.StartStage, StringComparer.Ordinal);
        var boxes = small.Customers.ToDictionary(c => c, _ => new Box(), StringComparer.Ordinal);
        var machines = boxes.ToDictionary(b => b.Key, b => small.Engine.CreateStateMachine(() => b.Value.Stage, s => b.Value.Stage = s), StringComparer.Ordinal);
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 40; i++)
            {
                foreach (var c in small.Customers)
                {
                    stages[c] = small.StartStage;
                    boxes[c].Stage = small.Engine.Definition.StartStage;
                }

                RunBaseline(small, stages);
                if (i < 4)
                {
                    RunStatelessPerEvent(small, boxes);
                }

                RunStatelessPerCustomer(small, machines);
                RunTracker(small, Warm(small, new JourneyTracker(small.Engine), collect: false));
                RunStoreTracker(small, WarmStore(small, new StoreBackedJourneyTracker(small.Engine, new InMemoryJourneyStore())));
            }

            Thread.Sleep(1000); // let the background tier-1 compilations finish
        }

        _s = new Scenario(Customers);
        _stages = new Dictionary<string, int>(StringComparer.Ordinal);
        _boxes = new Dictionary<string, Box>(StringComparer.Ordinal);
        foreach (var c in _s.Customers)
        {
            _stages[c] = _s.StartStage;
            _boxes[c] = new Box();
        }
    }

    [IterationSetup(Target = nameof(Baseline))]
    public void ResetBaseline()
    {
        foreach (var c in _s.Customers)
        {
            _stages[c] = _s.StartStage;
        }
    }

    [IterationSetup(Target = nameof(StatelessPerEvent))]
    public void ResetBoxes()
    {
        var start = _s.Engine.Definition.StartStage;
        foreach (var box in _boxes.Values)
        {
            box.Stage = start;
        }
    }

    [IterationSetup(Target = nameof(StatelessPerCustomer))]
    public void ResetMachines()
    {
        if (_machines is null)
        {
            _machines = new Dictionary<string, StateMachine<string, string>>(StringComparer.Ordinal);
            foreach (var (c, box) in _boxes)
            {
                _machines[c] = _s.Engine.CreateStateMachine(() => box.Stage, s => box.Stage = s);
            }
        }

        ResetBoxes();
    }

    [IterationSetup(Target = nameof(TrackerInMemory))]
    public void ResetTracker()
    {
        _tracker = null!;
        _tracker = Warm(_s, new JourneyTracker(_s.Engine));
    }

    [IterationSetup(Target = nameof(TrackerWithStore))]
    public void ResetStoreTracker()
    {
        _storeTracker = null!;
        _storeTracker = WarmStore(_s, new StoreBackedJourneyTracker(_s.Engine, new InMemoryJourneyStore(), new JourneyTrackerOptions { CacheCapacity = Math.Max(3, _s.Customers.Length) }));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Scenario.EventsPerRun, Description = "Dictionary<string,int> + table")]
    public int Baseline() => RunBaseline(_s, _stages);

    [Benchmark(OperationsPerInvoke = Scenario.EventsPerRun, Description = "Stateless machine configured per event")]
    public int StatelessPerEvent() => RunStatelessPerEvent(_s, _boxes);

    [Benchmark(OperationsPerInvoke = Scenario.EventsPerRun, Description = "Stateless machine kept per customer")]
    public int StatelessPerCustomer() => RunStatelessPerCustomer(_s, _machines);

    [Benchmark(OperationsPerInvoke = Scenario.EventsPerRun, Description = "JourneyTracker, no store")]
    public int TrackerInMemory() => RunTracker(_s, _tracker);

    [Benchmark(OperationsPerInvoke = Scenario.EventsPerRun, Description = "StoreBackedJourneyTracker, InMemoryJourneyStore")]
    public int TrackerWithStore() => RunStoreTracker(_s, _storeTracker);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunBaseline(Scenario s, Dictionary<string, int> stages)
    {
        var events = s.Events;
        var touchpoints = s.TouchpointIndex;
        var table = s.Table;
        var width = s.TouchpointCount;
        var sum = 0;
        for (var i = 0; i < events.Length; i++)
        {
            ref var stage = ref CollectionsMarshal.GetValueRefOrNullRef(stages, events[i].CustomerId);
            var next = table[(stage * width) + touchpoints[i]];
            sum += next != stage ? 1 : 0;
            stage = next;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunStatelessPerEvent(Scenario s, Dictionary<string, Box> boxes)
    {
        var sum = 0;
        foreach (var e in s.Events)
        {
            var box = boxes[e.CustomerId];
            var machine = s.Engine.CreateStateMachine(() => box.Stage, s => box.Stage = s);
            machine.Fire(e.Touchpoint);
            sum += box.Stage.Length;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunStatelessPerCustomer(Scenario s, Dictionary<string, StateMachine<string, string>> machines)
    {
        var sum = 0;
        foreach (var e in s.Events)
        {
            var machine = machines[e.CustomerId];
            machine.Fire(e.Touchpoint);
            sum += machine.State.Length;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunTracker(Scenario s, JourneyTracker tracker)
    {
        var advanced = 0;
        foreach (var e in s.Events)
        {
            advanced += tracker.Track(e).Outcome == TrackOutcome.Advanced ? 1 : 0;
        }

        if (advanced != Scenario.EventsPerRun)
        {
            throw new InvalidOperationException($"Only {advanced} of {Scenario.EventsPerRun} events advanced.");
        }

        return advanced;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int RunStoreTracker(Scenario s, StoreBackedJourneyTracker tracker)
    {
        var advanced = 0;
        foreach (var e in s.Events)
        {
            // the in-memory store completes synchronously
            advanced += tracker.TrackAsync(e).GetAwaiter().GetResult().Outcome == TrackOutcome.Advanced ? 1 : 0;
        }

        if (advanced != Scenario.EventsPerRun)
        {
            throw new InvalidOperationException($"Only {advanced} of {Scenario.EventsPerRun} events advanced.");
        }

        return advanced;
    }

    private static StoreBackedJourneyTracker WarmStore(Scenario s, StoreBackedJourneyTracker tracker)
    {
        tracker.TrackBatchAsync(s.WarmEvents).GetAwaiter().GetResult();
        GC.Collect();
        return tracker;
    }

    private static JourneyTracker Warm(Scenario s, JourneyTracker tracker, bool collect = true)
    {
        foreach (var e in s.WarmEvents)
        {
            tracker.Track(e);
        }

        if (!collect)
        {
            return tracker;
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return tracker;
    }

    private sealed class Box
    {
        public string Stage = "awareness";
    }
}
