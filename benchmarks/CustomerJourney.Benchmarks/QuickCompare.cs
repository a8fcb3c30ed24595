using CustomerJourney.Tracking;

namespace CustomerJourney.Benchmarks;

/// <summary>
/// A contention-tolerant check of the same workload as <see cref="TrackingBenchmarks"/> (baseline and tracker without a
/// store): many short repetitions, each on freshly warmed state, reporting the minimum and median ns per event and the
/// bytes allocated per event on this thread. The minimum is what to compare when other processes share the CPU. Times are
/// the thread's CPU time where the OS gives it (<see cref="ThreadClock"/>), so time spent preempted does not count.
/// </summary>
internal static class QuickCompare
{
    public static void Run(int repetitions = 25)
    {
        foreach (var customers in new[] { 10_000, 1_000_000 })
        {
            var s = new Scenario(customers);
            var stages = s.Customers.ToDictionary(c => c, _ => s.StartStage, StringComparer.Ordinal);
            var baseline = new List<double>();
            var tracker = new List<double>();
            long allocated = 0;
            for (var r = 0; r < repetitions + 3; r++)
            {
                foreach (var c in s.Customers)
                {
                    stages[c] = s.StartStage;
                }

                var t = new JourneyTracker(s.Engine);
                foreach (var e in s.WarmEvents)
                {
                    t.Track(e);
                }

                GC.Collect();
                var started = ThreadClock.Nanoseconds();
                var table = s.Table;
                var width = s.TouchpointCount;
                var events = s.Events;
                for (var i = 0; i < events.Length; i++)
                {
                    ref var stage = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(stages, events[i].CustomerId);
                    stage = table[(stage * width) + s.TouchpointIndex[i]];
                }

                var b = (ThreadClock.Nanoseconds() - started) / (double)events.Length;
                var before = GC.GetAllocatedBytesForCurrentThread();
                started = ThreadClock.Nanoseconds();
                var advanced = 0;
                foreach (var e in events)
                {
                    advanced += t.Track(e).Outcome == TrackOutcome.Advanced ? 1 : 0;
                }

                var k = (ThreadClock.Nanoseconds() - started) / (double)events.Length;
                var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                if (advanced != events.Length)
                {
                    throw new InvalidOperationException("not all events advanced");
                }

                if (r >= 3)
                {
                    baseline.Add(b);
                    tracker.Add(k);
                    allocated += bytes;
                }
            }

            baseline.Sort();
            tracker.Sort();
            Console.WriteLine($"{customers,9:N0} customers ({(ThreadClock.IsThreadTime ? "thread CPU time" : "wall time")}): ratio of minima {tracker[0] / baseline[0]:F2} | baseline min {baseline[0],6:F1} ns, median {baseline[baseline.Count / 2],6:F1} ns | tracker min {tracker[0],6:F1} ns, median {tracker[tracker.Count / 2],6:F1} ns | tracker allocated {allocated / (double)(repetitions * Scenario.EventsPerRun):F2} B/event");
        }
    }
}
