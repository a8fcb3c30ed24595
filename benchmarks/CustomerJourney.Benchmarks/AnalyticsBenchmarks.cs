using BenchmarkDotNet.Attributes;
using CustomerJourney.Analytics;
using CustomerJourney.Definitions;
using CustomerJourney.Templates;
using CustomerJourney.Tests.Analytics;
using CustomerJourney.Tracking;

namespace CustomerJourney.Benchmarks;

/// <summary>
/// Funnel, time in stage and the transition model over 1M synthetic five-stage journeys (tests' JourneyData, tracked
/// through an in-memory JourneyTracker in GlobalSetup). Target: the funnel under 1 s on one core, with allocations
/// independent of the journey count.
/// </summary>
[MemoryDiagnoser]
public class AnalyticsBenchmarks
{
    private static readonly string[] Linear = ["awareness", "consideration", "purchase", "post-purchase", "advocacy"];
    private IReadOnlyList<Journey> _journeys = [];
    private JourneyDefinition _definition = JourneyTemplates.FiveStage;

    /// <summary>How many journeys.</summary>
    [Params(1_000_000)]
    public int Journeys { get; set; }

    /// <summary>Tracks the synthetic journeys once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _definition = JourneyTemplates.FiveStage;
        _journeys = JourneyData.Journeys(Journeys, seed: 42, _definition);
    }

    /// <summary>The funnel over five stages, with per-pass counts and passes before purchase.</summary>
    [Benchmark]
    public FunnelReport Funnel() => FunnelAnalysis.Compute(_journeys, Linear);

    /// <summary>The funnel of one segment (the filter reads each journey's segment).</summary>
    [Benchmark]
    public FunnelReport FunnelOneSegment() => FunnelAnalysis.Compute(_journeys, Linear, new FunnelOptions { Filter = new JourneyFilter { Segment = "vip" } });

    /// <summary>Kaplan–Meier time in every stage and time to convert.</summary>
    [Benchmark]
    public TimeReport TimeInStage() => TimeAnalysis.Compute(_journeys, JourneyData.Now);

    /// <summary>The first-order transition model with goal probabilities.</summary>
    [Benchmark]
    public TransitionModel Predict() => TransitionModel.Fit(_journeys);
}
