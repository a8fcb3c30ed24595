using System.Globalization;
using System.Text.RegularExpressions;
using CustomerJourney.Analytics;
using CustomerJourney.Cli;
using CustomerJourney.Reporting;
using CustomerJourney.Templates;

namespace CustomerJourney.Tests.Reporting;

/// <summary>
/// End to end: <c>journey demo</c> writes the report of 2,000 simulated customers, real headless Chromium opens it,
/// runs its script and dumps the DOM; the rendered charts must carry the store's numbers and the page no errors.
/// The screenshot is kept under the test output folder (<c>artifacts/report/</c>).
/// </summary>
public sealed partial class ReportBrowserTests
{
    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts", "report");

    private static string Demo(string culture)
    {
        Directory.CreateDirectory(Artifacts);
        var output = Path.Combine(Artifacts, $"demo-{culture}.html");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var store = $"sqlite:{Path.Combine(Artifacts, $"demo-{culture}.db")}";
        var code = JourneyCli.Run(["demo", "--customers", "2000", "--seed", "42", "--culture", culture, "--store", store, "--out", output], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        return output;
    }

    private static int Count(string dom, string pattern) => Regex.Matches(dom, pattern).Count;

    [Fact]
    public void Chromium_DemoReport_RendersEverySectionWithStoreNumbersAndNoErrors()
    {
        Chromium.Require();
        var report = Demo("en");
        var loaded = ReportFixture.Load(2_000);
        var journeys = loaded.Journeys;
        var model = ReportModel.Build(JourneyTemplates.FiveStage, journeys, loaded.AsOf);

        var (code, dom, log) = Chromium.Run(new Uri(report).AbsoluteUri, "--dump-dom");

        Assert.Equal(0, code);
        Assert.Empty(Chromium.ConsoleErrors(log));
        Assert.Contains("data-status=\"rendered\"", dom);
        Assert.Matches("<pre id=\"report-errors\" hidden=\"\"></pre>", dom);

        // funnel: the first stage's bar is the store's journey count
        Assert.Equal(2_000, journeys.Count);
        Assert.Contains($"class=\"funnel-bar\" data-stage=\"awareness\" data-customers=\"{journeys.Count}\"", dom);
        Assert.Contains($"data-rendered-first=\"{journeys.Count}\"", dom);
        Assert.Equal(model.All.Funnel.Passes.Count, Count(dom, "<tr data-pass="));

        // stage graph: a node per stage sized by its customers, an edge per flow
        foreach (var stage in model.All.Stages)
        {
            Assert.Contains($"data-stage=\"{stage.Stage}\" data-reached=\"{stage.Reached}\" data-current=\"{stage.Current}\"", dom);
        }

        Assert.Equal(model.All.Flows.Count, Count(dom, "class=\"edge\""));
        Assert.Equal(model.All.Flows.Count, Count(dom, "class=\"band\""));
        Assert.Contains($"class=\"band\" data-from=\"consideration\" data-to=\"awareness\" data-count=\"{model.All.Flows.Single(f => f is { From: "consideration", To: "awareness" }).Count}\"", dom);

        // time: a box per stage, the time-to-convert curve with its median
        Assert.Equal(JourneyTemplates.FiveStage.Stages.Count, Count(dom, "<g class=\"box\""));
        var p25 = TimeAnalysis.Compute(journeys, loaded.AsOf).TimeToConvert.Quantile(0.25)!.Value.TotalDays;
        Assert.Contains($"data-p25-days=\"{p25.ToString("R", CultureInfo.InvariantCulture)}\"", dom);

        // attribution: every channel under every model; touchpoints: a row per KPI
        Assert.Equal(model.All.Channels.Count * 7, Count(dom, "class=\"credit\""));
        Assert.Equal(JourneyTemplates.FiveStage.Touchpoints.Sum(t => Math.Max(1, t.Kpis.Count)), Count(dom, "<tr class=\"kpi\""));
        Assert.Equal(model.All.Kpis.Sum(k => k.Kpis.Count(r => r.Status == KpiStatus.Met)), Count(dom, "data-status=\"met\""));

        // rules: the template's own rules, each proved, none broken by a recorded journey
        Assert.Equal(JourneyTemplates.FiveStage.Rules.Count, Count(dom, "<tr class=\"rule\" data-verdict=\"holds\" data-breaks=\"0\""));

        var screenshot = Path.Combine(Artifacts, "report-en.png");
        File.Delete(screenshot);
        var (shotCode, _, shotLog) = Chromium.Run(new Uri(report).AbsoluteUri, $"--screenshot={screenshot}", "--window-size=1280,4200", "--hide-scrollbars");
        Assert.Equal(0, shotCode);
        Assert.Empty(Chromium.ConsoleErrors(shotLog));
        Assert.True(new FileInfo(screenshot).Length > 50_000, "the screenshot is not blank");
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {screenshot}");
    }

    [Fact]
    public void Chromium_SegmentInUrl_RendersThatSegmentsNumbers()
    {
        Chromium.Require();
        var report = Demo("en");
        var expected = ReportFixture.Load(2_000).Journeys.Count(j => j.Segment == "deal-seeker");

        var (code, dom, log) = Chromium.Run(new Uri(report).AbsoluteUri + "#deal-seeker", "--dump-dom");

        Assert.Equal(0, code);
        Assert.Empty(Chromium.ConsoleErrors(log));
        Assert.Contains("data-segment=\"deal-seeker\"", dom);
        Assert.Contains($"data-rendered-first=\"{expected}\"", dom);
        Assert.Contains($"class=\"funnel-bar\" data-stage=\"awareness\" data-customers=\"{expected}\"", dom);
    }

    [Fact]
    public void Chromium_PersianReport_RightToLeftWithPersianStageNames()
    {
        Chromium.Require();
        var report = Demo("fa");

        var (code, dom, log) = Chromium.Run(new Uri(report).AbsoluteUri, "--dump-dom");

        Assert.Equal(0, code);
        Assert.Empty(Chromium.ConsoleErrors(log));
        Assert.Contains("<html lang=\"fa\" dir=\"rtl\">", dom);
        Assert.Contains("data-status=\"rendered\"", dom);
        Assert.Contains(">خرید</text>", dom);
        var screenshot = Path.Combine(Artifacts, "report-fa.png");
        File.Delete(screenshot);
        Chromium.Run(new Uri(report).AbsoluteUri, $"--screenshot={screenshot}", "--window-size=1280,1400", "--hide-scrollbars");
        Assert.True(File.Exists(screenshot));
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {screenshot}");
    }
}
