using System.Text.Json;
using CustomerJourney.Cli;

namespace CustomerJourney.Tests.Analytics;

/// <summary>The <c>journey funnel|paths|predict</c> commands over an events file.</summary>
public sealed class AnalyticsCliTests : IDisposable
{
    // The funnel journeys of AnalyticsFixtures as JSON Lines.
    private static readonly string[] Lines =
    [
        """{"eventId":"e1","customerId":"a","touchpoint":"pr-article","occurredAt":"2025-06-01T00:00:00Z","segment":"vip"}""",
        """{"eventId":"e2","customerId":"a","touchpoint":"search-ad","occurredAt":"2025-06-02T00:00:00Z","segment":"vip"}""",
        """{"eventId":"e3","customerId":"a","touchpoint":"web-shop-checkout","occurredAt":"2025-06-03T00:00:00Z","value":49.90,"segment":"vip"}""",
        "",
        """{"eventId":"e4","customerId":"b","touchpoint":"search-ad","occurredAt":"2025-06-01T00:00:00Z","segment":"new"}""",
        """{"eventId":"e5","customerId":"b","touchpoint":"competitor-click","occurredAt":"2025-06-02T00:00:00Z","channel":"review-site","segment":"new"}""",
        """{"eventId":"e6","customerId":"b","touchpoint":"store-purchase","occurredAt":"2025-06-11T00:00:00Z","value":120,"segment":"new"}""",
        """{"eventId":"e7","customerId":"c","touchpoint":"blog-post","occurredAt":"2025-06-01T00:00:00Z","segment":"new"}""",
        """{"eventId":"e8","customerId":"d","touchpoint":"radio-ad","occurredAt":"2025-06-01T00:00:00Z"}""",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("cj-analytics-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_directory, $"events-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = JourneyCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("funnel")]
    [InlineData("paths")]
    [InlineData("predict")]
    public void Command_OverARecordedStore_EqualsTheSameCommandOverTheEventsFile(string command)
    {
        var events = Write(Lines.Where(l => l.Length > 0).ToArray());
        var store = $"sqlite:{Path.Combine(_directory, "journeys.db")}";
        var (trackCode, _, trackError) = Run("track", "--definition", "five-stage", "--store", store, events);
        Assert.True(trackCode == 0, trackError);

        var fromFile = Run(command, "--definition", "five-stage", "--events", events, "--json");
        var fromStore = Run(command, "--definition", "five-stage", "--store", store, "--json");

        Assert.Equal(0, fromStore.Code);
        Assert.NotEmpty(fromFile.Out);
        Assert.Equal(fromFile.Out, fromStore.Out);
    }

    [Fact]
    public void Command_WithBothOrNeitherSource_ExitsTwo()
    {
        var events = Write(Lines);

        Assert.Equal(2, Run("funnel", "-d", "five-stage").Code);
        Assert.Equal(2, Run("funnel", "-d", "five-stage", "--events", events, "--store", "sqlite:x.db").Code);
        Assert.Equal(2, Run("funnel", "-d", "five-stage", "--store", $"sqlite:{Path.Combine(_directory, "missing.db")}").Code);
    }

    [Fact]
    public void Funnel_Json()
    {
        var (code, output, error) = Run("funnel", "--definition", "five-stage", "--events", Write(Lines), "--json");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(4, json.RootElement.GetProperty("journeys").GetInt64());
        var steps = json.RootElement.GetProperty("steps").EnumerateArray().ToArray();
        Assert.Equal("awareness", steps[0].GetProperty("stage").GetString());
        Assert.Equal(new long[] { 4, 3, 2 }, steps.Take(3).Select(s => s.GetProperty("customers").GetInt64()));
        Assert.Equal(1, json.RootElement.GetProperty("passesBeforeGoal").GetProperty("2").GetInt64());
    }

    [Fact]
    public void Funnel_Table_BySegment()
    {
        var (code, output, _) = Run("funnel", "-d", "five-stage", "-e", Write(Lines), "--segment", "new");

        Assert.Equal(0, code);
        Assert.Contains("2 journeys", output, StringComparison.Ordinal);
        Assert.Contains("consideration", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_Json()
    {
        var (code, output, _) = Run("paths", "--definition", "five-stage", "--events", Write(Lines), "--json", "--top", "2");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("stagePaths").GetArrayLength());
        var flow = json.RootElement.GetProperty("flows")[0];
        Assert.Equal("awareness", flow.GetProperty("from").GetString());
        Assert.Equal("consideration", flow.GetProperty("to").GetString());
        Assert.Equal(3, flow.GetProperty("count").GetInt64());
    }

    [Fact]
    public void Predict_JsonAndTable()
    {
        var (code, output, _) = Run("predict", "--definition", "five-stage", "--events", Write(Lines), "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var awareness = json.RootElement.EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "awareness");
        var next = awareness.GetProperty("next").EnumerateObject().Sum(p => p.Value.GetDouble());
        Assert.Equal(1.0, next, 9);
        var purchase = json.RootElement.EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "purchase");
        Assert.Equal(1.0, purchase.GetProperty("goalProbability").GetDouble());

        var table = Run("predict", "--definition", "five-stage", "--events", Write(Lines));
        Assert.Equal(0, table.Code);
        Assert.Contains("P(goal)", table.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("funnel")]
    [InlineData("paths")]
    [InlineData("predict")]
    public void MalformedLine_FailsWithItsNumber_AndPrintsNothing(string command)
    {
        var path = Write(Lines[0], Lines[1], """{"eventId":"e3","customerId":"a","touchpoint":"search-ad","occurredAt":"yesterday"}""", Lines[2]);

        var (code, output, error) = Run(command, "--definition", "five-stage", "--events", path, "--json");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"{path}:3: error:", error, StringComparison.Ordinal);
        Assert.Contains("occurredAt", error, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidJson_FailsWithItsNumber()
    {
        var path = Write(Lines[0], "{not json");

        var (code, output, error) = Run("funnel", "--definition", "five-stage", "--events", path);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"{path}:2: error: malformed JSON", error, StringComparison.Ordinal);
    }
}
