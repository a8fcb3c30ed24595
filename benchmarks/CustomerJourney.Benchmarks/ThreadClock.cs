using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CustomerJourney.Benchmarks;

/// <summary>
/// The CPU time of the calling thread (Linux: <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), in nanoseconds: time the
/// thread was not running (preempted by other processes on a shared machine) does not count. Elsewhere, wall time.
/// </summary>
internal static partial class ThreadClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static bool IsThreadTime { get; } = OperatingSystem.IsLinux();

    public static long Nanoseconds()
    {
        if (IsThreadTime && clock_gettime(ClockThreadCpuTimeId, out var spec) == 0)
        {
            return (spec.Seconds * 1_000_000_000L) + spec.Nanoseconds;
        }

        return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_gettime(int clockId, out TimeSpec spec);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
