using CustomerJourney.Analytics;
using CustomerJourney.Analytics.Attribution;
using CustomerJourney.Templates;
using static CustomerJourney.Tests.Analytics.AnalyticsFixtures;

namespace CustomerJourney.Tests.Analytics;

/// <summary>The analytics options: defaults are valid, <c>Validate()</c> lists every problem, the analyses throw one exception naming them all.</summary>
public sealed class AnalyticsOptionsTests
{
    private static readonly string[] Linear = ["awareness", "consideration", "purchase"];

    [Fact]
    public void Defaults_HaveNoProblem()
    {
        Assert.Empty(new FunnelOptions().Validate());
        Assert.Empty(new PathOptions().Validate());
        Assert.Empty(new KpiOptions().Validate());
        Assert.Empty(new ChannelPathCsvOptions().Validate());
    }

    [Fact]
    public void Funnel_InvalidOptions_ThrowsNamingEveryProblem()
    {
        var options = new FunnelOptions { Window = TimeSpan.FromDays(-1), MaxPasses = 0 };

        Assert.Equal(2, options.Validate().Count);
        var ex = Assert.Throws<ArgumentException>(() => FunnelAnalysis.Compute(FunnelJourneys(), Linear, options));
        Assert.Equal("options", ex.ParamName);
        Assert.Contains("Window", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxPasses", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Funnel_ZeroWindow_IsValid()
    {
        Assert.Empty(new FunnelOptions { Window = TimeSpan.Zero }.Validate());
    }

    [Fact]
    public void Funnel_DefinitionOverload_DoesNotChangeTheCallersOptions()
    {
        var options = new FunnelOptions();

        var report = FunnelAnalysis.Compute(FunnelJourneys(), JourneyTemplates.FiveStage, options);

        Assert.Null(options.GoalStage);
        Assert.Equal("purchase", report.Steps[report.GoalStep].Stage);
    }

    [Fact]
    public void Paths_TopBelowOne_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => PathAnalysis.Compute(FunnelJourneys(), new PathOptions { Top = 0 }));

        Assert.Contains("Top", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kpis_NegativeOrNonFiniteAttributedConversions_AreEachReported()
    {
        var options = new KpiOptions { AttributedConversions = new Dictionary<string, double> { ["a"] = -1, ["b"] = double.NaN, ["c"] = 2 } };

        var problems = options.Validate();

        Assert.Equal(2, problems.Count);
        Assert.Throws<ArgumentException>(() => TouchpointKpiAnalysis.Compute(FunnelJourneys(), JourneyTemplates.FiveStage, options));
    }

    [Fact]
    public void ChannelPathCsv_InvalidSeparators_ThrowNamingThem()
    {
        var options = new ChannelPathCsvOptions { ColumnSeparator = '>', ChannelSeparator = ">" };

        var ex = Assert.Throws<ArgumentException>(() => ChannelPathCsv.Parse("a>b>1>0>0\n", options));

        Assert.Contains("ChannelSeparator", ex.Message, StringComparison.Ordinal);
        Assert.Single(new ChannelPathCsvOptions { ChannelSeparator = "" }.Validate());
    }

    [Fact]
    public void JourneyFilter_IsAValue()
    {
        Assert.Equal(new JourneyFilter { Segment = "vip" }, new JourneyFilter { Segment = "vip" });
        Assert.Equal(JourneyFilter.All, new JourneyFilter());
        Assert.NotEqual(new JourneyFilter { Segment = "vip" }, new JourneyFilter { Channel = "vip" });
    }
}
