using CustomerJourney.Analytics;
using CustomerJourney.Definitions;
using CustomerJourney.Templates;
using static CustomerJourney.Tests.Analytics.AnalyticsFixtures;

namespace CustomerJourney.Tests.Analytics;

/// <summary>Hand-computed examples of every analysis.</summary>
public sealed class AnalyticsExampleTests
{
    private static readonly string[] Linear = ["awareness", "consideration", "purchase"];

    [Fact]
    public void Funnel_MatchesTheHandCount()
    {
        var report = FunnelAnalysis.Compute(FunnelJourneys(), Linear);

        Assert.Equal(4, report.Journeys);
        Assert.Equal(new long[] { 4, 3, 2 }, report.Steps.Select(s => s.Customers));
        Assert.Equal(new long[] { 0, 1, 1 }, report.Steps.Select(s => s.DropOff));
        Assert.Equal(1.0, report.Steps[0].ConversionFromPrevious);
        Assert.Equal(0.75, report.Steps[1].ConversionFromPrevious);
        Assert.Equal(2.0 / 3, report.Steps[2].ConversionFromPrevious, 12);
        Assert.Equal(0.5, report.Steps[2].ConversionFromStart);

        // Pass 1: everyone enters awareness; a, b, c reach consideration; only a purchases on pass 1.
        // Pass 2: only b comes back to awareness, and goes straight to purchase (consideration skipped).
        Assert.Equal(2, report.Passes.Count);
        Assert.Equal(new long[] { 4, 3, 1 }, report.Passes[0].Customers);
        Assert.Equal(new long[] { 1, 0, 0 }, report.Passes[1].Customers);
        Assert.Equal(new Dictionary<int, long> { [1] = 1, [2] = 1 }, report.PassesBeforeGoal);
        Assert.Equal(new Dictionary<int, long> { [2] = 1, [3] = 1 }, report.VisitsBeforeGoal);
    }

    [Fact]
    public void Funnel_WindowAndSegment()
    {
        // b purchases 10 days after first entering awareness: outside a 5-day window.
        var windowed = FunnelAnalysis.Compute(FunnelJourneys(), Linear, new FunnelOptions { Window = TimeSpan.FromDays(5) });
        Assert.Equal(new long[] { 4, 3, 1 }, windowed.Steps.Select(s => s.Customers));

        var newOnly = FunnelAnalysis.Compute(FunnelJourneys(), Linear, new FunnelOptions { Filter = new JourneyFilter { Segment = "new" } });
        Assert.Equal(new long[] { 2, 2, 1 }, newOnly.Steps.Select(s => s.Customers));

        var bySegment = SegmentBreakdown.By(FunnelJourneys(), g => FunnelAnalysis.Compute(g, Linear));
        Assert.Equal(["(none)", "new", "vip"], bySegment.Keys);
        Assert.Equal(new long[] { 1, 1, 1 }, bySegment["vip"].Steps.Select(s => s.Customers));

        var store = FunnelAnalysis.Compute(FunnelJourneys(), Linear, new FunnelOptions { Filter = new JourneyFilter { Channel = "store" } });
        Assert.Equal(1, store.Journeys);
    }

    [Fact]
    public void KaplanMeier_WithCensoring_MatchesTheHandCalculation()
    {
        // Days: 1 observed, 2 censored, 3 observed, 4 observed, 5 censored.
        // t=1: n=5, d=1 → S = 4/5 = 0.8
        // t=2: one censored, leaves the risk set (n=4 → 3)
        // t=3: n=3, d=1 → S = 0.8 · 2/3 = 0.5333…
        // t=4: n=2, d=1 → S = 0.5333… · 1/2 = 0.2666…
        // t=5: censored, S unchanged.
        // Median: first S ≤ 0.5 → 4 days. P90 needs S ≤ 0.1: never → null.
        // Restricted mean = 1·1 + 0.8·1 + 0.8·1 + 0.5333·1 + 0.2667·1 = 3.4 days.
        var curve = KaplanMeier.Estimate(
        [
            new() { Duration = TimeSpan.FromDays(1), Observed = true },
            new() { Duration = TimeSpan.FromDays(2), Observed = false },
            new() { Duration = TimeSpan.FromDays(3), Observed = true },
            new() { Duration = TimeSpan.FromDays(4), Observed = true },
            new() { Duration = TimeSpan.FromDays(5), Observed = false },
        ]);

        Assert.Equal(new[] { 0.8, 0.8, 0.8 * 2 / 3, 0.8 / 3, 0.8 / 3 }, curve.Points.Select(p => p.Survival), new ToleranceComparer(1e-12));
        Assert.Equal(new long[] { 5, 4, 3, 2, 1 }, curve.Points.Select(p => p.AtRisk));
        Assert.Equal(TimeSpan.FromDays(4), curve.Median);
        Assert.Null(curve.P90);
        Assert.Equal(3.4, curve.Mean.TotalDays, 9);
        Assert.Equal(3, curve.Events);
        Assert.Equal(2, curve.Censored);
    }

    [Fact]
    public void TimeInStage_CensorsOpenStays()
    {
        var report = TimeAnalysis.Compute(FunnelJourneys(), T0.AddDays(20));
        var awareness = report.Stages.Single(s => s.Stage == "awareness").Time;

        // Awareness stays: a 0→1 d, b 0→0 d and 1→10 d, c 0→0 d observed; d open since day 0 → censored at 20 d.
        Assert.Equal(5, awareness.Observations);
        Assert.Equal(1, awareness.Censored);

        // Converted: a after 2 days, b after 10; c and d censored at 20 days.
        Assert.Equal(2, report.TimeToConvert.Events);
        Assert.Equal(2, report.TimeToConvert.Censored);
        Assert.Equal(TimeSpan.FromDays(10), report.TimeToConvert.Median);
    }

    [Fact]
    public void GoalProbability_OfATinyChain_MatchesTheAlgebra()
    {
        // Observed transitions: A→C 3 (j1, j2, j3), A→P 2 (j2, j4): P(A→C) = 3/5, P(A→P) = 2/5.
        // C→P 1, C→A 1, C→L 1: 1/3 each. L has no outgoing data and never reaches P: x_L = 0. P is absorbing: x_P = 1.
        // x_A = 2/5 + 3/5·x_C
        // x_C = 1/3 + 1/3·x_A + 1/3·x_L = 1/3 + x_A/3
        // ⇒ x_A = 2/5 + 1/5 + x_A/5 ⇒ (4/5)·x_A = 3/5 ⇒ x_A = 3/4, x_C = 1/3 + 1/4 = 7/12.
        var model = TransitionModel.Fit(ChainJourneys());

        Assert.Equal(0.75, model.GoalProbability("awareness"), 12);
        Assert.Equal(7.0 / 12, model.GoalProbability("consideration"), 12);
        Assert.Equal(0, model.GoalProbability("lapsed"));
        Assert.Equal(1, model.GoalProbability("purchase"));

        var next = model.NextStageProbabilities("awareness");
        Assert.Equal(0.6, next["consideration"], 12);
        Assert.Equal(0.4, next["purchase"], 12);
        Assert.All(model.NextStageProbabilities("consideration").Values, p => Assert.Equal(1.0 / 3, p, 12));

        // Stays in consideration before moving on: j1 1 d, j2 1 d, j3 60 d (inactivity) → mean 62/3 d.
        Assert.Equal(62.0 / 3, model.ExpectedTimeToNext("consideration")!.Value.TotalDays, 6);
        Assert.Null(model.ExpectedTimeToNext("lapsed"));
    }

    [Fact]
    public void Paths_CountStagePathsAndFlows()
    {
        var report = PathAnalysis.Compute(FunnelJourneys());

        Assert.Equal(4, report.Journeys);
        Assert.Equal(4, report.StagePaths.Count);
        Assert.Contains(report.StagePaths, p => p.Path.SequenceEqual(["awareness", "consideration", "awareness", "purchase"]) && p.Count == 1);
        var flow = report.Flows.Single(f => f.From == "awareness" && f.To == "consideration");
        Assert.Equal(3, flow.Count);
        Assert.Equal(3, report.Flows[0].Count);
    }

    [Fact]
    public void Kpis_AreMetMissedOrNotMeasured()
    {
        var definition = JourneyTemplates.FiveStage;
        var plain = TouchpointKpiAnalysis.Compute(FunnelJourneys(), definition).ToDictionary(k => k.Touchpoint);

        // search-ad: touched by a and b, both purchased afterwards → conversion rate 1 ≥ 0.04: met; attributed value not supplied.
        var searchAd = plain["search-ad"];
        Assert.Equal("Performance marketing team", searchAd.Owner);
        Assert.Equal(2, searchAd.CustomersReached);
        Assert.Equal(1.0, searchAd.ConversionRate);
        Assert.Equal([KpiStatus.Met, KpiStatus.NotMeasured], searchAd.Kpis.Select(k => k.Status));

        // blog-post reached 1 customer of a 3000 target: missed. competitor-click: 1 touch, at most 1500: met.
        Assert.Equal(KpiStatus.Missed, plain["blog-post"].Kpis.Single().Status);
        Assert.Equal(KpiStatus.Met, plain["competitor-click"].Kpis.Single().Status);
        Assert.Equal(0, plain["blog-post"].ConversionRate);

        var attributed = TouchpointKpiAnalysis.Compute(
            FunnelJourneys(),
            definition,
            new KpiOptions { AttributedValue = new Dictionary<string, decimal> { ["search-ad"] = 30000m, ["store-purchase"] = 1000m } });
        var byId = attributed.ToDictionary(k => k.Touchpoint);
        Assert.Equal(KpiStatus.Met, byId["search-ad"].Kpis.Single(k => k.Kpi.Metric == KpiMetric.AttributedValue).Status);
        Assert.Equal(KpiStatus.Missed, byId["store-purchase"].Kpis.Single().Status);
        Assert.Equal(1000m, byId["store-purchase"].Kpis.Single().Measured);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
