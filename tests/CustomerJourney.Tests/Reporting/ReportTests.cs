using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerJourney.Analytics;
using CustomerJourney.Analytics.Attribution;
using CustomerJourney.Cli;
using CustomerJourney.Definitions.Rules;
using CustomerJourney.Reporting;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;

namespace CustomerJourney.Tests.Reporting;

/// <summary>The HTML report's content against the analytics it shows.</summary>
public sealed partial class ReportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static JsonElement Data(string html)
    {
        var json = Regex.Match(html, "<script type=\"application/json\" id=\"report-data\">\\s*(.*?)</script>", RegexOptions.Singleline);
        Assert.True(json.Success);
        return JsonDocument.Parse(json.Groups[1].Value).RootElement;
    }

    [Fact]
    public void Render_SmallDemo_EverySectionPresentWithStableIds()
    {
        var html = ReportFixture.Html();

        foreach (var id in (string[])["summary", "graph", "funnel", "time", "flows", "attribution", "touchpoints", "rules", "segment-select", "report-errors", "report-data"])
        {
            Assert.Matches($"id=\"{id}\"", html);
        }
    }

    [Fact]
    public void Render_SmallDemo_KeyNumbersEqualAnalytics()
    {
        var journeys = ReportFixture.Journeys.Journeys;
        var html = ReportFixture.Html();
        var funnel = FunnelAnalysis.Compute(journeys, ["awareness", "consideration", "purchase", "post-purchase", "advocacy"]);
        var time = TimeAnalysis.Compute(journeys, ReportFixture.Journeys.AsOf);
        var markov = AttributionEngine.Compute(JourneyPaths.FromJourneys(journeys), AttributionModel.Markov);
        var flows = PathAnalysis.Compute(journeys).Flows;

        Assert.Equal(journeys.Count.ToString(CultureInfo.InvariantCulture), ReportFixture.Attribute(html, "summary", "data-journeys"));
        Assert.Equal(journeys.Count(j => j.ConvertedAt is not null).ToString(CultureInfo.InvariantCulture), ReportFixture.Attribute(html, "summary", "data-converted"));
        Assert.Equal(journeys.Count, funnel.Steps[0].Customers);
        Assert.Equal(funnel.Steps[0].Customers.ToString(CultureInfo.InvariantCulture), ReportFixture.Attribute(html, "funnel", "data-funnel-first"));
        Assert.Equal(funnel.Steps[2].Customers.ToString(CultureInfo.InvariantCulture), ReportFixture.Attribute(html, "funnel", "data-funnel-goal"));
        Assert.Equal(Math.Round(time.TimeToConvert.Quantile(0.25)!.Value.TotalDays, 2), double.Parse(ReportFixture.Attribute(html, "time", "data-convert-p25-days"), CultureInfo.InvariantCulture));
        Assert.Equal(flows.Sum(f => f.Count).ToString(CultureInfo.InvariantCulture), ReportFixture.Attribute(html, "flows", "data-flow-total"));
        Assert.Equal(markov.Channels.MaxBy(c => c.Conversions)!.Channel, ReportFixture.Attribute(html, "attribution", "data-markov-top"));
        Assert.Equal(markov.TotalConversions, double.Parse(ReportFixture.Attribute(html, "attribution", "data-total-conversions"), CultureInfo.InvariantCulture), 3);
        Assert.Equal(journeys.Count(j => j.ConvertedAt is not null), markov.TotalConversions);
    }

    [Fact]
    public void Build_DefinitionWithRules_ShowsEachVerdictAndCountsTheJourneysBreakingIt()
    {
        var journeys = ReportFixture.Journeys.Journeys;
        var definition = JourneyTemplates.FiveStage.WithRules(
        [
            StageRule.GoalReachable(),
            StageRule.NeverBefore("purchase", "consideration") with { Name = "buyers compared first" },
        ]);

        var model = ReportModel.Build(definition, journeys, ReportFixture.Journeys.AsOf);

        Assert.Equal(["from every stage a goal stays reachable", "buyers compared first"], model.Rules.Select(r => r.Rule));
        Assert.Equal([RuleVerdict.Holds, RuleVerdict.Violated], model.Rules.Select(r => r.Verdict));
        Assert.Null(model.Rules[0].Counterexample);
        Assert.Empty(model.Rules[0].CounterexampleTouchpoints);
        Assert.Equal(["store-purchase"], model.Rules[1].CounterexampleTouchpoints);
        Assert.StartsWith("start awareness: store-purchase → purchase", model.Rules[1].Counterexample, StringComparison.Ordinal);

        // independently of the checker: a journey breaks "never purchase before consideration" when it enters purchase with no consideration before
        static bool BoughtWithoutComparing(Journey j)
        {
            var visits = j.Visits;
            var firstPurchase = visits.ToList().FindIndex(v => v.Stage == "purchase");
            return firstPurchase >= 0 && !visits.Take(firstPurchase).Any(v => v.Stage == "consideration");
        }

        var expected = journeys.Count(BoughtWithoutComparing);
        Assert.True(expected > 0, "the fixture has customers who bought in store without comparing first");
        Assert.Equal([0L, expected], model.All.RuleBreaks);
        foreach (var segment in model.Segments)
        {
            var members = journeys.Where(j => (j.Segment ?? SegmentBreakdown.NoSegment) == segment.Name).ToList();
            Assert.Equal([0L, members.Count(BoughtWithoutComparing)], segment.RuleBreaks);
        }

        var html = ReportHtml.Render(model);
        Assert.Equal("2", ReportFixture.Attribute(html, "rules", "data-rules"));
        Assert.Equal("1", ReportFixture.Attribute(html, "rules", "data-rules-holding"));
        Assert.Equal("1", ReportFixture.Attribute(html, "rules", "data-rules-violated"));
        var again = ReportJson.Deserialize(ReportJson.Serialize(model));
        Assert.Equal(model.Rules.Select(r => (r.Rule, r.Verdict, r.Counterexample)), again.Rules.Select(r => (r.Rule, r.Verdict, r.Counterexample)));
        Assert.Equal(model.All.RuleBreaks, again.All.RuleBreaks);
    }

    [Fact]
    public void Build_DefinitionWithoutRules_HasNoRuleRows()
    {
        var model = ReportModel.Build(JourneyTemplates.FiveStage.WithRules([]), ReportFixture.Journeys.Journeys, ReportFixture.Journeys.AsOf);

        Assert.Empty(model.Rules);
        Assert.Empty(model.All.RuleBreaks);
        Assert.Equal("0", ReportFixture.Attribute(ReportHtml.Render(model), "rules", "data-rules"));
    }

    [Fact]
    public void Render_SmallDemo_JsonHoldsEveryModelAndSegment()
    {
        var journeys = ReportFixture.Journeys.Journeys;
        var data = Data(ReportFixture.Html());
        var segments = data.GetProperty("segments").EnumerateArray().ToArray();

        Assert.Equal(["first", "last", "linear", "time-decay", "position", "markov", "shapley"], data.GetProperty("models").EnumerateArray().Select(m => m.GetString()!));
        Assert.Equal(["deal-seeker", "ready-to-buy", "researcher"], segments.Select(s => s.GetProperty("name").GetString()!));
        Assert.Equal(journeys.Count, data.GetProperty("all").GetProperty("journeys").GetInt64());
        foreach (var segment in segments)
        {
            var expected = FunnelAnalysis.Compute(journeys, JourneyTemplates.FiveStage, new FunnelOptions { Filter = new JourneyFilter { Segment = segment.GetProperty("name").GetString() } });
            Assert.Equal(expected.Steps[0].Customers, segment.GetProperty("funnel").GetProperty("steps")[0].GetProperty("customers").GetInt64());
            Assert.Equal(expected.Conversion, segment.GetProperty("funnel").GetProperty("conversion").GetDouble(), 12);
        }

        foreach (var model in data.GetProperty("all").GetProperty("attribution").EnumerateArray())
        {
            var total = model.GetProperty("channels").EnumerateArray().Sum(c => c.GetProperty("conversions").GetDouble());
            Assert.Equal(journeys.Count(j => j.ConvertedAt is not null), total, 0.1);
        }
    }

    [Fact]
    public void Json_SmallDemo_RoundTripsToTheSameJson()
    {
        var model = ReportModel.Build(JourneyTemplates.FiveStage, ReportFixture.Journeys.Journeys, ReportFixture.Journeys.AsOf);

        var json = ReportJson.Serialize(model);
        var back = ReportJson.Deserialize(json);

        Assert.Equal(json, ReportJson.Serialize(back));
        Assert.Equal(model.All.Funnel.Steps, back.All.Funnel.Steps);
        Assert.Equal(model.Segments.Select(s => s.Name), back.Segments.Select(s => s.Name));
    }

    [Fact]
    public void Render_TouchpointTable_MetAndMissedCountsMatchKpiResults()
    {
        var html = ReportFixture.Html();
        var kpis = Data(html).GetProperty("all").GetProperty("kpis").EnumerateArray()
            .SelectMany(t => t.GetProperty("kpis").EnumerateArray()).Select(k => k.GetProperty("status").GetString()!.ToLowerInvariant()).ToArray();

        Assert.Equal(JourneyTemplates.FiveStage.Touchpoints.Sum(t => t.Kpis.Count), kpis.Length);
        Assert.Equal(kpis.Count(s => s == "met").ToString(CultureInfo.InvariantCulture), ReportFixture.Attribute(html, "touchpoints", "data-kpis-met"));
        Assert.Equal(kpis.Count(s => s == "missed").ToString(CultureInfo.InvariantCulture), ReportFixture.Attribute(html, "touchpoints", "data-kpis-missed"));
        Assert.Contains("met", kpis);
        Assert.Contains("missed", kpis);
    }

    [Fact]
    public void Render_Report_MakesNoNetworkRequests()
    {
        var html = ReportFixture.Html();

        Assert.DoesNotMatch("<link|<img|<iframe|@import|url\\((?!#)|\\bsrc=|\\bhref=", html);
        Assert.DoesNotMatch("(?i)https?://(?!www\\.w3\\.org/2000/svg)", html);
        Assert.Contains("default-src 'none'", html);
    }

    [Theory]
    [InlineData("fa", "rtl", "خرید")]
    [InlineData("lt", "ltr", "Pirkimas")]
    [InlineData("fi", "ltr", "Osto")]
    public void Render_Culture_StageNamesAndDirection(string culture, string direction, string purchase)
    {
        var html = ReportFixture.Html(culture);

        Assert.Contains($"<html lang=\"{culture}\" dir=\"{direction}\">", html);
        Assert.Contains(purchase, Data(html).GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public void Render_MoreCustomers_SizeDoesNotGrowWithThem()
    {
        var small = ReportFixture.Html();
        var large = ReportHtml.Render(ReportModel.Build(JourneyTemplates.FiveStage, ReportFixture.Load(10_000).Journeys, ReportFixture.Journeys.AsOf));

        Assert.InRange(large.Length, small.Length * 0.9, small.Length * 1.1);
    }

    [Fact]
    public void Report_EventsFile_WritesReportOfItsJourneys()
    {
        var events = Path.Combine(_directory, "events.jsonl");
        File.WriteAllLines(events,
        [
            """{"eventId":"e1","customerId":"a","touchpoint":"search-ad","occurredAt":"2025-06-01T00:00:00Z","segment":"vip"}""",
            """{"eventId":"e2","customerId":"a","touchpoint":"web-shop-checkout","occurredAt":"2025-06-03T00:00:00Z","value":49.90,"segment":"vip"}""",
            """{"eventId":"e3","customerId":"b","touchpoint":"radio-ad","occurredAt":"2025-06-01T00:00:00Z"}""",
        ]);
        var output = Path.Combine(_directory, "report.html");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = JourneyCli.Run(["report", "--definition", "five-stage", "--events", events, "--out", output, "--culture", "sk"], stdout, stderr);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr.ToString());
        Assert.Contains(output, stdout.ToString());
        var html = File.ReadAllText(output);
        Assert.Equal("2", ReportFixture.Attribute(html, "funnel", "data-funnel-first"));
        Assert.Equal("1", ReportFixture.Attribute(html, "funnel", "data-funnel-goal"));
        Assert.Equal("49.90", ReportFixture.Attribute(html, "summary", "data-revenue"));
        Assert.Contains("<html lang=\"sk\" dir=\"ltr\">", html);
    }

    [Fact]
    public void Report_NeitherStoreNorEvents_ExitsTwoWithMessage()
    {
        var stderr = new StringWriter();

        var code = JourneyCli.Run(["report", "--definition", "five-stage"], new StringWriter(), stderr);

        Assert.Equal(2, code);
        Assert.Contains("exactly one of --store and --events", stderr.ToString());
    }

    [Fact]
    public void Report_UnknownCulture_ExitsTwoWithMessage()
    {
        var stderr = new StringWriter();

        var code = JourneyCli.Run(["report", "--definition", "five-stage", "--events", "x.jsonl", "--culture", "de"], new StringWriter(), stderr);

        Assert.Equal(2, code);
        Assert.Contains("unknown culture 'de'", stderr.ToString());
    }

    [Fact]
    public void Demo_SmallRun_PrintsSummaryAndWritesReport()
    {
        var output = Path.Combine(_directory, "demo.html");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var database = Path.Combine(Path.GetTempPath(), $"cj-demo-{Guid.NewGuid():N}.db");
        var code = JourneyCli.Run(["demo", "--customers", "1500", "--seed", "3", "--store", $"sqlite:{database}", "--out", output], stdout, stderr);

        Assert.Equal(0, code);
        var text = stdout.ToString();
        Assert.Contains("1,500 journeys", text);
        Assert.Contains("top channels by Markov attribution: ", text);
        Assert.Matches("touchpoint KPIs: \\d+ met, \\d+ missed", text);
        Assert.Contains($"report: {output}", text);
        Assert.Contains("1,500 / 1,500 customers", stderr.ToString());
        Assert.Equal("1500", ReportFixture.Attribute(File.ReadAllText(output), "funnel", "data-funnel-first"));
        Assert.Contains($"store: SQLite file {database}", text);

        // the journeys are durable: a report read back from the SQLite file shows the same customers
        var again = Path.Combine(Path.GetTempPath(), $"cj-report-{Guid.NewGuid():N}.html");
        var reportCode = JourneyCli.Run(["report", "--definition", "five-stage", "--store", $"sqlite:{database}", "--out", again], new StringWriter(), stderr);
        Assert.True(reportCode == 0, stderr.ToString());
        Assert.Equal("1500", ReportFixture.Attribute(File.ReadAllText(again), "funnel", "data-funnel-first"));
    }
}
