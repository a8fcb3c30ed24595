using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerJourney.Analytics;
using CustomerJourney.Cli;
using CustomerJourney.Engine;
using CustomerJourney.Reporting;
using CustomerJourney.Templates;

namespace CustomerJourney.Tests.Reporting;

/// <summary><c>journey report</c>, <c>journey funnel</c> and the reporting package agree on the same inputs.</summary>
public sealed class ReportCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-report-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = JourneyCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static JsonElement Data(string html) =>
        JsonDocument.Parse(Regex.Match(html, "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value).RootElement;

    private string Events(int customers)
    {
        var simulator = new CustomerJourney.Cli.Simulation.StorefrontSimulator(JourneyTemplates.FiveStage, new CustomerJourney.Cli.Simulation.SimulationOptions(11, customers, 26));
        var path = Path.Combine(_directory, "events.jsonl");
        File.WriteAllLines(path, simulator.Run().SelectMany(c => c).Select(e => JsonSerializer.Serialize(new
        {
            eventId = e.EventId, customerId = e.CustomerId, touchpoint = e.Touchpoint, occurredAt = e.OccurredAt, channel = e.Channel, value = e.Value, segment = e.Segment,
        })));
        return path;
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fa")]
    public void Report_EventsFile_SameHtmlAsThePackage(string culture)
    {
        var events = Events(300);
        var output = Path.Combine(_directory, "cli.html");
        var lines = File.ReadAllLines(events).Select(l => JsonSerializer.Deserialize<TouchpointEvent>(l, new JsonSerializerOptions(JsonSerializerDefaults.Web))!).ToArray();

        var (code, _, error) = Run("report", "--definition", "five-stage", "--events", events, "--out", output, "--culture", culture);
        var expected = ReportHtml.Render(ReportModel.Build(JourneySnapshot.FromEvents(lines, JourneyEngine.Compile(JourneyTemplates.FiveStage)), culture));

        Assert.True(code == 0, error);
        Assert.Equal(expected, File.ReadAllText(output));
        Assert.Equal(300, Data(expected).GetProperty("all").GetProperty("journeys").GetInt64());
    }

    [Fact]
    public void FunnelAndReport_SameStore_SameFunnelNumbers()
    {
        var store = $"sqlite:{Path.Combine(_directory, "demo.db")}";
        var html = Path.Combine(_directory, "demo.html");
        var demo = Run("demo", "--customers", "2000", "--seed", "42", "--store", store, "--out", html);
        Assert.True(demo.Code == 0, demo.Error);

        var report = Path.Combine(_directory, "report.html");
        var reported = Run("report", "--definition", "five-stage", "--store", store, "--out", report);
        var funnel = Run("funnel", "--definition", "five-stage", "--store", store, "--json");
        var table = Run("funnel", "--definition", "five-stage", "--store", store);

        Assert.True(reported.Code == 0 && funnel.Code == 0, reported.Error + funnel.Error);
        var cli = JsonDocument.Parse(funnel.Out).RootElement;
        var page = Data(File.ReadAllText(report)).GetProperty("all").GetProperty("funnel");
        Assert.Equal(
            cli.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("stage").GetString(), s.GetProperty("customers").GetInt64())),
            page.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("stage").GetString(), s.GetProperty("customers").GetInt64())));
        Assert.Equal(
            cli.GetProperty("passes").EnumerateArray().Select(p => p.GetProperty("conversion").GetDouble()),
            page.GetProperty("passes").EnumerateArray().Select(p => p.GetProperty("conversion").GetDouble()));
        Assert.Equal(cli.GetProperty("conversion").GetDouble(), page.GetProperty("conversion").GetDouble());
        Assert.DoesNotContain("lapsed", funnel.Out, StringComparison.Ordinal);
        var first = page.GetProperty("passes")[0];
        var pass1 = string.Join(" > ", first.GetProperty("customers").EnumerateArray().Select(c => c.GetInt64()));
        Assert.Contains($"pass 1: {pass1} (conversion {first.GetProperty("conversion").GetDouble():P1})", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Funnel_FourCustomersTwoBought_ConversionFiftyPercent()
    {
        var events = Path.Combine(_directory, "four.jsonl");
        File.WriteAllLines(events,
        [
            """{"eventId":"e1","customerId":"a","touchpoint":"search-ad","occurredAt":"2025-06-01T00:00:00Z"}""",
            """{"eventId":"e2","customerId":"a","touchpoint":"web-shop-checkout","occurredAt":"2025-06-02T00:00:00Z","value":10}""",
            """{"eventId":"e3","customerId":"b","touchpoint":"search-ad","occurredAt":"2025-06-01T00:00:00Z"}""",
            """{"eventId":"e4","customerId":"b","touchpoint":"store-purchase","occurredAt":"2025-06-05T00:00:00Z","value":20}""",
            """{"eventId":"e5","customerId":"c","touchpoint":"blog-post","occurredAt":"2025-06-01T00:00:00Z"}""",
            """{"eventId":"e6","customerId":"d","touchpoint":"radio-ad","occurredAt":"2025-06-01T00:00:00Z"}""",
        ]);

        var (code, text, error) = Run("funnel", "--definition", "five-stage", "--events", events);

        Assert.True(code == 0, error);
        Assert.Contains("conversion to purchase: 50.0 %", text, StringComparison.Ordinal);
        Assert.Contains("pass 1: 4 > 3 > 2 > 0 > 0 (conversion 50.0 %)", text, StringComparison.Ordinal);
    }
}
