using System.Text;
using CustomerJourney.Analytics.Attribution;
using CustomerJourney.Cli;

namespace CustomerJourney.Tests.Cli;

/// <summary>Hostile input to the analytics and attribution commands: bounded, named, never a stack trace.</summary>
public sealed class AnalyticsInputCliTests : IDisposable
{
    private const string Far = """
        {"eventId":"e1","customerId":"c1","touchpoint":"search-ad","occurredAt":"2025-06-01T10:00:00Z"}
        {"eventId":"e2","customerId":"c1","touchpoint":"web-shop-checkout","occurredAt":"9999-12-31T23:59:59Z"}
        {"eventId":"e3","customerId":"c2","touchpoint":"search-ad","occurredAt":"9999-12-31T00:00:00Z"}
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("cj-analytics-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("funnel")]
    [InlineData("paths")]
    [InlineData("predict")]
    [InlineData("report")]
    public void Command_EventDated9999_RejectsItWithAWarningAndAnalysesTheRest(string command)
    {
        var events = Write("far.jsonl", Far);
        string[] args = command == "report"
            ? ["report", "-d", "five-stage", "-e", events, "-o", Path.Combine(_directory, "r.html")]
            : [command, "-d", "five-stage", "-e", events];

        var (code, output, error) = Run(args);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.NotEmpty(output);
        if (command == "report")
        {
            Assert.Contains("warning: 2 events rejected", error, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("event 'e2' rejected", error, StringComparison.Ordinal);
            Assert.Contains("9999-12-31T23:59:59", error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e300")]
    [InlineData("-1")]
    [InlineData("0")]
    public void Funnel_WindowOutOfRange_Exits2(string days)
    {
        var (code, _, error) = Run("funnel", "-d", "five-stage", "-e", Write("far.jsonl", Far), "--window-days", days);

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Contains("--window-days", error, StringComparison.Ordinal);
        Assert.Contains("at most 36500", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Attribution_MarkovOnHugeValues_IsRejectedNotInfinite()
    {
        var paths = Write("huge.csv", "path;total_conversions;total_conversion_value;total_null\na > b;1;1e308;0\nb;1;1e308;1\n");

        var (code, output, error) = Run("attribution", "--paths", paths, "--model", "markov");

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Empty(output);
        Assert.Equal($"{paths}:2: error: total_conversion_value 1e308 is larger than 1e15, the largest accepted.", error.TrimEnd());
        Assert.DoesNotContain("Infinity", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AttributionEngine_TotalsThatOverflow_ThrowInsteadOfGivingInfinity()
    {
        var data = PathDataset.Create([new ChannelPath(["a", "b"], 1e308, 1, 0), new ChannelPath(["b"], 1e308, 1, 1)]);

        foreach (var model in Enum.GetValues<AttributionModel>())
        {
            var ex = Assert.Throws<OverflowException>(() => AttributionEngine.Compute(data, model));
            Assert.Contains("overflow", ex.Message, StringComparison.Ordinal);
        }

        // values are decimal money: a sum beyond decimal's range fails when the dataset is built
        Assert.Throws<OverflowException>(() => PathDataset.Create([new ChannelPath(["a"], 1, decimal.MaxValue), new ChannelPath(["b"], 1, decimal.MaxValue)]));
    }

    [Fact]
    public void Attribution_ShapleyOverTheLimit_MessageHasNoParameterSuffix()
    {
        var rows = new StringBuilder("path;total_conversions;total_conversion_value;total_null\n");
        for (var i = 0; i <= AttributionEngine.MaxShapleyChannels; i++)
        {
            rows.Append("c").Append(i).Append(";1;1;1\n");
        }

        var (code, _, error) = Run("attribution", "--paths", Write("many.csv", rows.ToString()), "--model", "shapley");

        Assert.Equal(JourneyCli.Invalid, code);
        Assert.StartsWith("error: The data has 21 channels", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error, StringComparison.Ordinal);
        Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Attribution_PathsLineLongerThanTheLimit_Exits2WithoutEchoingIt()
    {
        var paths = Path.Combine(_directory, "long.csv");
        using (var writer = new StreamWriter(paths))
        {
            writer.Write("path;total_conversions;total_conversion_value;total_null\n");
            var chunk = new string('a', 1 << 16);
            for (var written = 0; written <= ChannelPathCsv.MaxLineLength; written += chunk.Length)
            {
                writer.Write(chunk);
            }

            writer.Write(";1;1;1\nb;1;1;1\n");
        }

        var (code, output, error) = Run("attribution", "--paths", paths, "--model", "linear");

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Empty(output);
        Assert.Equal($"{paths}:2: error: the line is longer than {ChannelPathCsv.MaxLineLength} characters.", error.TrimEnd());
    }

    [Fact]
    public void Attribution_MarkovStatesOption_SelectsTheConstruction()
    {
        var paths = Write("p.csv", "path;total_conversions;total_conversion_value;total_null\na > b > b > c;1;60;0\nc;0;0;1\nb > c;0;0;1\n");

        var windows = Run("attribution", "--paths", paths, "--model", "markov", "--order", "2", "--json");
        var history = Run("attribution", "--paths", paths, "--model", "markov", "--order", "2", "--markov-states", "history", "--json");

        Assert.Equal(JourneyCli.Ok, windows.Code);
        Assert.Equal(JourneyCli.Ok, history.Code);
        Assert.Contains("\"channel\": \"a\",\n    \"conversions\": 0.2", windows.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Analytics_ShortOptionS_IsTheStoreAsInTrack()
    {
        var db = Path.Combine(_directory, "s.db");
        var events = Write("e.jsonl", Far.Split('\n')[0] + "\n");
        Assert.Equal(JourneyCli.Ok, Run("track", "-d", "five-stage", "-s", $"sqlite:{db}", events).Code);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var funnel = Run("funnel", "-d", "five-stage", "-s", $"sqlite:{db}", "--segment", "vip");
        var report = Run("report", "-d", "five-stage", "-s", $"sqlite:{db}", "-o", Path.Combine(_directory, "s.html"));

        Assert.Equal(JourneyCli.Ok, funnel.Code);
        Assert.Equal(JourneyCli.Ok, report.Code);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void Analytics_CsvEvents_AreReadLikeTrackReadsThem()
    {
        var csv = Write("events.csv", "event_id,customer_id,touchpoint,occurred_at,segment\ne1,c1,search-ad,2025-06-01T10:00:00Z,vip\ne2,c1,web-shop-checkout,2025-06-02T10:00:00Z,vip\n");
        var jsonl = Write("events.jsonl", """
            {"eventId":"e1","customerId":"c1","touchpoint":"search-ad","occurredAt":"2025-06-01T10:00:00Z","segment":"vip"}
            {"eventId":"e2","customerId":"c1","touchpoint":"web-shop-checkout","occurredAt":"2025-06-02T10:00:00Z","segment":"vip"}
            """);

        var fromCsv = Run("funnel", "-d", "five-stage", "-e", csv, "--json");
        var fromJsonl = Run("funnel", "-d", "five-stage", "-e", jsonl, "--json");
        var forced = Run("paths", "-d", "five-stage", "-e", Write("events.txt", File.ReadAllText(csv)), "--format", "csv");

        Assert.Equal(JourneyCli.Ok, fromCsv.Code);
        Assert.Empty(fromCsv.Error);
        Assert.Equal(fromJsonl.Output, fromCsv.Output);
        Assert.Equal(JourneyCli.Ok, forced.Code);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("report")]
    public void OutIsADirectory_IsReportedBeforeAnyWork(string command)
    {
        string[] args = command == "demo"
            ? ["demo", "--store", "memory", "--customers", "10000000", "--out", _directory]
            : ["report", "-d", "five-stage", "-e", Write("far.jsonl", Far), "--out", _directory];

        var (code, output, error) = Run(args);

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Empty(output);
        Assert.StartsWith($"error: --out '{_directory}' is a directory; give the report's file name", error, StringComparison.Ordinal);
        Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("--weeks", "2000000000")]
    [InlineData("--weeks", "0")]
    [InlineData("--customers", "-1")]
    [InlineData("--customers", "2000000000")]
    public void Demo_SizesOutOfRange_Exit2BeforeSimulating(string option, string value)
    {
        var (code, output, error) = Run("demo", "--store", "memory", option, value, "--out", Path.Combine(_directory, "d.html"));

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Empty(output);
        Assert.Equal("error: --customers must lie between 0 and 10,000,000 and --weeks between 1 and 520.", error.TrimEnd());
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => CliDefinitionTests.Run(args);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
