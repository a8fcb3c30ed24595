using System.Text;
using CustomerJourney.Cli;
using CustomerJourney.Definitions;
using CustomerJourney.Templates;

namespace CustomerJourney.Tests.Cli;

/// <summary>Hostile definition files through <c>journey validate</c> and <c>journey diagram</c>: exit 0, 1 or 2 with a named cause, never a crash.</summary>
public sealed class DefinitionInputCliTests : IDisposable
{
    private const string Base = """
        {
          "name": "shop",
          "start": "visitor",
          "stages": [ { "id": "visitor", "names": { "en": "Visitor" } }, { "id": "buyer", "goal": true, "terminal": true } ],
          "touchpoints": [ { "id": "ad", "channel": "search", "stages": [ "visitor" ], "kpis": [ { "name": "Reach", "unit": "customers" } ] } ],
          "transitions": [ { "from": "visitor", "on": "ad", "to": "buyer" } ],
          "inactivity": [ { "stage": "visitor", "afterDays": 30, "to": "buyer" } ]
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("cj-defs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Validate_BaseDocument_IsValid()
    {
        var (code, _, error) = Run("validate", Write("base.json", Base));

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("{ \"from\": \"visitor\", \"on\": \"ad\", \"to\": \"buyer\" } ]", "{ \"from\": \"visitor\", \"on\": \"ad\", \"to\": \"buyer\" }, null ]", "$.transitions[1]", "transition")]
    [InlineData("\"terminal\": true } ]", "\"terminal\": true }, null ]", "$.stages[2]", "stage")]
    [InlineData("\"unit\": \"customers\" } ] } ]", "\"unit\": \"customers\" } ] }, null ]", "$.touchpoints[1]", "touchpoint")]
    [InlineData("\"to\": \"buyer\" } ]\n", "\"to\": \"buyer\" }, null ]\n", "$.inactivity[1]", "inactivity rule")]
    [InlineData("\"unit\": \"customers\" } ]", "\"unit\": \"customers\" }, null ]", "$.touchpoints[0].kpis[1]", "KPI")]
    [InlineData("\"stages\": [ \"visitor\" ]", "\"stages\": [ \"visitor\", null ]", "$.touchpoints[0].stages[1]", "string")]
    public void Validate_NullEntryInAList_Exits2NamingWhere(string find, string replace, string path, string expected)
    {
        var file = Write("null.json", Replace(Base, find, replace));

        var (code, output, error) = Run("validate", file);

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Empty(output);
        Assert.Contains($"({path}): an array entry is null; expected a {expected}.", error, StringComparison.Ordinal);
        AssertOneLineNoStackTrace(error);
    }

    [Fact]
    public void DiagramJourney_NullDisplayName_IsRejectedWhenRead()
    {
        var file = Write("null-name.json", Replace(Base, "{ \"en\": \"Visitor\" }", "{ \"en\": null }"));

        var validate = Run("validate", file);
        var diagram = Run("diagram", file, "--format", "journey");

        Assert.Equal(JourneyCli.Unreadable, validate.Code);
        Assert.Contains("($.stages[0].names.en): a display name is null; expected a string.", validate.Error, StringComparison.Ordinal);
        Assert.Equal(JourneyCli.Unreadable, diagram.Code);
        AssertOneLineNoStackTrace(diagram.Error);
    }

    [Fact]
    public void Validate_ByteOrderMark_IsRead()
    {
        var file = Path.Combine(_directory, "bom.json");
        File.WriteAllText(file, Base, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(file)[0]);

        var (code, output, error) = Run("validate", file);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Contains("valid: 'shop'", output, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("\"name\": \"shop\",", "\"name\": \"shop\", \"name\": \"other\",", "$.name", "definition")]
    [InlineData("{ \"id\": \"visitor\",", "{ \"id\": \"visitor\", \"id\": \"visitor2\",", "$.stages[0].id", "stage")]
    [InlineData("{ \"en\": \"Visitor\" }", "{ \"en\": \"Visitor\", \"en\": \"Guest\" }", "$.stages[0].names.en", "names")]
    public void Validate_DuplicateProperty_Exits2NamingIt(string find, string replace, string path, string where)
    {
        var file = Write("duplicate.json", Replace(Base, find, replace));

        var (code, _, error) = Run("validate", file);

        Assert.Equal(JourneyCli.Unreadable, code);
        var property = path[(path.LastIndexOf('.') + 1)..];
        Assert.Contains($"({path}): the property '{property}' is given twice in this {where} object.", error, StringComparison.Ordinal);
        AssertOneLineNoStackTrace(error);
    }

    [Fact]
    public void Validate_MisspelledProperty_NamesThePropertyAndWhereNotATypeName()
    {
        var file = Write("typo.json", Replace(Base, "\"terminal\": true", "\"terminl\": true"));

        var (code, _, error) = Run("validate", file);

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Equal(
            $"{file}:4:97: error: Malformed journey definition at line 4, position 97 ($.stages[1].terminl): 'terminl' is not a property of a stage; expected one of: id, names, superStage, goal, terminal, description.",
            error.TrimEnd());
        Assert.DoesNotContain("CustomerJourney.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WrongValueType_SaysWhatIsExpectedInTheFormatsTerms()
    {
        var file = Write("type.json", Replace(Base, "\"terminal\": true", "\"terminal\": \"yes\""));

        var (code, _, error) = Run("validate", file);

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Contains("($.stages[1].terminal): the value has the wrong type; expected true or false.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooDeep_Exits2()
    {
        var file = Write("deep.json", "{\"name\": " + new string('[', 100) + new string(']', 100) + "}");

        var (code, _, error) = Run("validate", file);

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Contains($"depth of {JourneyJson.MaxDepth}", error, StringComparison.Ordinal);
        AssertOneLineNoStackTrace(error);
    }

    [Fact]
    public void Validate_DuplicateStageUnknownTargetAndUnreachableStage_ReportsAllThree()
    {
        const string ThreeMistakes = """
            {
              "name": "shop",
              "start": "visitor",
              "stages": [ { "id": "visitor" }, { "id": "visitor" }, { "id": "buyer", "goal": true, "terminal": true }, { "id": "lost", "terminal": true } ],
              "touchpoints": [ { "id": "ad", "channel": "search" } ],
              "transitions": [ { "from": "visitor", "on": "ad", "to": "buyer" }, { "from": "buyer", "on": "ad", "to": "nowhere" } ]
            }
            """;
        var file = Write("three.json", ThreeMistakes);

        var (code, _, error) = Run("validate", file);

        Assert.Equal(JourneyCli.Invalid, code);
        Assert.Equal(
            [
                $"{file}: CJ010 stages[1].id: Stage 'visitor' is declared twice (first at stages[0]).",
                $"{file}: CJ020 transitions[1].to: Transition 1 from 'buyer' on 'ad' leads to 'nowhere', which is not a stage.",
                $"{file}: CJ040 stages[3]: Stage 'lost' cannot be reached from the start stage 'visitor'.",
                $"{file}: 3 error(s).",
            ],
            error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("\"afterDays\": 1e9", "it waits longer")]
    [InlineData("\"after\": \"40000.00:00:00\"", "it waits 40000 days")]
    public void Validate_InactivityBeyondTheLimit_Exits1(string wait, string expected)
    {
        var file = Write("wait.json", Replace(Base, "\"afterDays\": 30", wait));

        var (code, _, error) = Run("validate", file);

        Assert.Equal(JourneyCli.Invalid, code);
        Assert.Contains($"CJ062 inactivity[0].after: Inactivity rule 0 must wait at most {JourneyDefinition.MaxInactivityDays} days; {expected}.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidUtf8_Exits2WithThePosition()
    {
        var file = Path.Combine(_directory, "latin1.json");
        File.WriteAllBytes(file, [.. "{\"name\": \""u8, 0xE9, .. "\"}"u8]);

        var (code, _, error) = Run("validate", file);

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Contains("line 1, position 11: the document is not valid UTF-8 (byte 0xE9).", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mermaid", "    state \"Žinojimas\" as awareness")]
    [InlineData("dot", "\"awareness\" [label=\"Žinojimas\"]")]
    public void Diagram_Culture_LabelsStatesInThatLanguage(string format, string expected)
    {
        var (code, output, error) = Run("diagram", "five-stage", "--format", format, "--culture", "lt");

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Empty(error);
        Assert.Equal("Žinojimas", JourneyTemplates.FiveStage.GetStage("awareness").DisplayNames["lt"]);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    private static string Replace(string text, string find, string replace)
    {
        Assert.Contains(find, text, StringComparison.Ordinal);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), replace, text.AsSpan(at + find.Length));
    }

    private static void AssertOneLineNoStackTrace(string error)
    {
        Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => CliDefinitionTests.Run(args);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
