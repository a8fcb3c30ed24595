using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CustomerJourney.Diagnostics;

/// <summary>
/// The library's telemetry, through <see cref="System.Diagnostics.Metrics"/> and <see cref="ActivitySource"/> only (no
/// OpenTelemetry dependency). Listen with any meter listener, or add the meter name to OpenTelemetry.
/// </summary>
public static class JourneyTelemetry
{
    /// <summary>The name of the meter and of the activity source: <c>CustomerJourney</c>.</summary>
    public const string Name = "CustomerJourney";

    /// <summary>The activity source of tracking operations.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, typeof(JourneyTelemetry).Assembly.GetName().Version?.ToString());

    internal static Meter Meter { get; } = new(Name, typeof(JourneyTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Events tracked, tagged <c>journey</c> and <c>outcome</c>.</summary>
    internal static Counter<long> Events { get; } = Meter.CreateCounter<long>("customerjourney.events", "{event}", "Touchpoint events tracked, by outcome.");

    /// <summary>Stage transitions, tagged <c>journey</c>, <c>from</c> and <c>to</c>.</summary>
    internal static Counter<long> Transitions { get; } = Meter.CreateCounter<long>("customerjourney.transitions", "{transition}", "Stage transitions, by stage pair.");

    /// <summary>Time spent in a stage when it is left, tagged <c>journey</c> and <c>stage</c>.</summary>
    internal static Histogram<double> TimeInStage { get; } = Meter.CreateHistogram<double>("customerjourney.stage.duration", "s", "Time spent in a stage, recorded when the stage is left.");
}
