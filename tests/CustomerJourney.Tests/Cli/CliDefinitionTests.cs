using CustomerJourney.Cli;
using CustomerJourney.Definitions;
using CustomerJourney.Diagrams;
using CustomerJourney.Templates;

namespace CustomerJourney.Tests.Cli;

public sealed class CliDefinitionTests : IDisposable
{
    private const string Invalid = """
        {
          "name": "shop",
          "start": "visitor",
          "stages": [ { "id": "visitor" }, { "id": "buyer", "goal": true, "terminal": true }, { "id": "buyer" } ],
          "touchpoints": [ { "id": "ad", "channel": "search" } ],
          "transitions": [ { "from": "visitor", "on": "ad", "to": "seller" }, { "from": "visitor", "on": "flyer", "to": "buyer" } ]
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("cj-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Templates_NoArguments_ListsAllFourTemplates()
    {
        var (code, output, error) = Run("templates");

        Assert.Equal(JourneyCli.Ok, code);
        Assert.All(JourneyTemplates.Names, name => Assert.Contains(name, output, StringComparison.Ordinal));
        Assert.Equal(4, JourneyTemplates.Names.Count);
        Assert.Empty(error);
    }

    [Fact]
    public void TemplatesExport_FiveStage_PrintsJsonThatParsesEqualToTheTemplate()
    {
        var (code, output, error) = Run("templates", "export", "five-stage");

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Equal(JourneyTemplates.FiveStage, JourneyJson.Parse(output));
        Assert.Empty(error);
    }

    [Fact]
    public void TemplatesExport_UnknownName_Exits2NamingTheTemplates()
    {
        var (code, output, error) = Run("templates", "export", "six-stage");

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Empty(output);
        Assert.Contains("'six-stage'", error, StringComparison.Ordinal);
        Assert.Contains("five-stage, lifecycle, decision-path, intent-path", error, StringComparison.Ordinal);
        AssertNoStackTrace(error);
    }

    [Fact]
    public void Validate_ValidFile_Exits0WithOneLineSummary()
    {
        var path = Write("valid.json", JourneyJson.Serialize(JourneyTemplates.Lifecycle.WithRules([])));

        var (code, output, error) = Run("validate", path);

        Assert.Equal(JourneyCli.Ok, code);
        var line = Assert.Single(Lines(output));
        Assert.StartsWith($"{path}: valid: 'lifecycle' v1, ", line, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public void Validate_Template_ProvesItsOwnRulesOneLineEach()
    {
        var path = Write("lifecycle.json", JourneyJson.Serialize(JourneyTemplates.Lifecycle));

        var (code, output, error) = Run("validate", path);

        Assert.Equal(JourneyCli.Ok, code);
        var lines = Lines(output);
        Assert.StartsWith($"{path}: valid: 'lifecycle' v1, ", lines[0], StringComparison.Ordinal);
        Assert.Equal(JourneyTemplates.Lifecycle.Rules.Count, lines.Count - 1);
        Assert.Contains(lines, l => l == $"{path}: rule holds: onboarded once");
        Assert.All(lines.Skip(1), l => Assert.StartsWith($"{path}: rule holds: ", l, StringComparison.Ordinal));
        Assert.Empty(error);
    }

    [Fact]
    public void Validate_InvalidFile_Exits1WithOneLinePerErrorNamingTheElement()
    {
        var path = Write("invalid.json", Invalid);

        var (code, output, error) = Run("validate", path);

        Assert.Equal(JourneyCli.Invalid, code);
        Assert.Empty(output);
        var lines = Lines(error);
        Assert.Equal(
            [
                $"{path}: CJ010 stages[2].id: Stage 'buyer' is declared twice (first at stages[1]).",
                $"{path}: CJ020 transitions[0].to: Transition 0 from 'visitor' on 'ad' leads to 'seller', which is not a stage.",
                $"{path}: CJ021 transitions[1].on: Transition 1 from 'visitor' is triggered by 'flyer', which is not a touchpoint.",
                $"{path}: 3 error(s).",
            ],
            lines);
        AssertNoStackTrace(error);
    }

    [Fact]
    public void Validate_MalformedJson_Exits2WithLineAndPosition()
    {
        var path = Write("malformed.json", "{\n  \"name\": \"shop\",\n  \"version\": \"one\"\n}");

        var (code, output, error) = Run("validate", path);

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Empty(output);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith($"{path}:3:19: error: ", line, StringComparison.Ordinal);
        Assert.Contains("$.version", line, StringComparison.Ordinal);
        AssertNoStackTrace(error);
    }

    [Fact]
    public void Validate_MissingFile_Exits2()
    {
        var path = Path.Combine(_directory, "missing.json");

        var (code, output, error) = Run("validate", path);

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Empty(output);
        Assert.Equal($"error: cannot read '{path}': no such file (or built-in template).", Assert.Single(Lines(error)));
    }

    [Fact]
    public void Validate_NoFileArgument_Exits2WithUsageHint()
    {
        var (code, _, error) = Run("validate");

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Contains("journey --help", error, StringComparison.Ordinal);
        AssertNoStackTrace(error);
    }

    [Theory]
    [InlineData("mermaid")]
    [InlineData("dot")]
    [InlineData("journey")]
    public void Diagram_Format_PrintsThatDiagramOfTheFile(string format)
    {
        var definition = JourneyTemplates.DecisionPath;
        var path = Write("decision.json", JourneyJson.Serialize(definition));
        var expected = format switch
        {
            "dot" => JourneyDiagrams.ToDot(definition),
            "journey" => JourneyDiagrams.ToMermaidJourney(definition),
            _ => JourneyDiagrams.ToMermaid(definition),
        };

        var (code, output, error) = Run("diagram", path, "--format", format);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Equal(expected + Environment.NewLine, output);
        Assert.Empty(error);
    }

    [Fact]
    public void Diagram_UnknownFormat_Exits2()
    {
        var (code, output, error) = Run("diagram", "five-stage", "--format", "png");

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Empty(output);
        Assert.Contains("png", error, StringComparison.Ordinal);
        AssertNoStackTrace(error);
    }

    [Fact]
    public void Diagram_InvalidFile_Exits1ListingErrors()
    {
        var path = Write("invalid.json", Invalid);

        var (code, output, error) = Run("diagram", path, "--format", "dot");

        Assert.Equal(JourneyCli.Invalid, code);
        Assert.Empty(output);
        Assert.Contains("CJ020 transitions[0].to", error, StringComparison.Ordinal);
        AssertNoStackTrace(error);
    }

    internal static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = JourneyCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static List<string> Lines(string text) => text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).ToList();

    private static void AssertNoStackTrace(string error)
    {
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
