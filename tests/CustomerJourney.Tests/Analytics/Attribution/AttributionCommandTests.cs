using System.Globalization;
using System.Text.Json;
using CustomerJourney.Cli;

namespace CustomerJourney.Tests.Analytics.Attribution;

public sealed class AttributionCommandTests
{
    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var code = JourneyCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("first")]
    [InlineData("last")]
    [InlineData("linear")]
    [InlineData("time-decay")]
    [InlineData("position")]
    [InlineData("markov")]
    [InlineData("shapley")]
    public void Attribution_RealFile_PrintsTableWithEveryChannelAndTotal(string model)
    {
        var (code, output, error) = Run("attribution", "--paths", ChannelPathCsvTests.RealFile, "--model", model);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Empty(error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(14, lines.Length);
        Assert.StartsWith("channel", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^total\s+19785\.00\s+74802\.97\s+100\.00 %$", lines[^1].TrimEnd('\r'));
    }

    [Fact]
    public void Attribution_Json_PrintsArrayOfChannelConversionsValue()
    {
        var (code, output, _) = Run("attribution", "--paths", ChannelPathCsvTests.RealFile, "--model", "markov", "--order", "3", "--json");

        Assert.Equal(JourneyCli.Ok, code);
        using var json = JsonDocument.Parse(output);
        var items = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(12, items.Count);
        Assert.All(items, i => Assert.Equal(["channel", "conversions", "value"], i.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(19785, items.Sum(i => i.GetProperty("conversions").GetDouble()), 6);
        Assert.Equal("alpha", items[0].GetProperty("channel").GetString());
    }

    [Fact]
    public void Attribution_MalformedFile_ExitsTwoWithLineNumberAndNothingOnStdout()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cj-bad-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, "path;total_conversions;total_conversion_value;total_null\na > b;1;2;3\na > b;oops;2;3\n");
        try
        {
            var (code, output, error) = Run("attribution", "--paths", file, "--model", "linear", "--json");

            Assert.Equal(JourneyCli.Unreadable, code);
            Assert.Empty(output);
            Assert.Contains($"{file}:3:", error, StringComparison.Ordinal);
            Assert.Contains("'oops' is not a number", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Attribution_OrderOutOfRange_ExitsTwo()
    {
        var (code, output, error) = Run("attribution", "--paths", ChannelPathCsvTests.RealFile, "--model", "markov", "--order", "7");

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Empty(output);
        Assert.Contains("order", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Attribution_MissingFile_ExitsTwo()
    {
        var (code, output, _) = Run("attribution", "--paths", "/nonexistent/paths.csv", "--model", "first");

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Empty(output);
    }
}
