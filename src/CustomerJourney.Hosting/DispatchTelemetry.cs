using System.Diagnostics.Metrics;
using CustomerJourney.Diagnostics;

namespace CustomerJourney.Hosting;

/// <summary>The dispatcher's instruments, on the library's meter (<see cref="JourneyTelemetry.Name"/>).</summary>
internal static class DispatchTelemetry
{
    private static long s_pending;
    private static long s_parked;
    private static double s_oldestLapse;

    /// <summary>Deliveries a handler completed, tagged <c>journey</c> and <c>handler</c>.</summary>
    public static Counter<long> Delivered { get; } = JourneyTelemetry.Meter.CreateCounter<long>("customerjourney.deliveries.delivered", "{delivery}", "Transitions delivered to handlers.");

    /// <summary>Failed attempts, tagged <c>journey</c> and <c>handler</c>.</summary>
    public static Counter<long> Failed { get; } = JourneyTelemetry.Meter.CreateCounter<long>("customerjourney.deliveries.failed", "{attempt}", "Delivery attempts that failed (retried or parked).");

    /// <summary>Deliveries parked, tagged <c>journey</c> and <c>handler</c>.</summary>
    public static Counter<long> Parked { get; } = JourneyTelemetry.Meter.CreateCounter<long>("customerjourney.deliveries.parked", "{delivery}", "Deliveries parked after their last allowed attempt.");

    /// <summary>Lapses applied at their due time, tagged <c>journey</c>.</summary>
    public static Counter<long> Lapses { get; } = JourneyTelemetry.Meter.CreateCounter<long>("customerjourney.lapses.applied", "{lapse}", "Inactivity lapses applied at their due time.");

    /// <summary>How long a due delivery waited for its handler call (the dispatcher's lag behind the feed), tagged <c>journey</c> and <c>handler</c>.</summary>
    public static Histogram<double> Delay { get; } = JourneyTelemetry.Meter.CreateHistogram<double>("customerjourney.deliveries.delay", "s", "Time from when a delivery became due to its handler call.");

    static DispatchTelemetry()
    {
        JourneyTelemetry.Meter.CreateObservableGauge("customerjourney.deliveries.pending", () => Volatile.Read(ref s_pending), "{delivery}", "Deliveries waiting for an attempt.");
        JourneyTelemetry.Meter.CreateObservableGauge("customerjourney.deliveries.parked.current", () => Volatile.Read(ref s_parked), "{delivery}", "Deliveries parked now.");
        JourneyTelemetry.Meter.CreateObservableGauge("customerjourney.lapses.oldest_due_age", () => Volatile.Read(ref s_oldestLapse), "s", "How long the oldest due lapse has been due (0 when none is due).");
    }

    public static void Observe(long pending, long parked, double oldestLapseAgeSeconds)
    {
        Volatile.Write(ref s_pending, pending);
        Volatile.Write(ref s_parked, parked);
        Volatile.Write(ref s_oldestLapse, Math.Max(0, oldestLapseAgeSeconds));
    }
}
