using System.Text;
using CustomerJourney.Definitions;
using CustomerJourney.Templates;

namespace CustomerJourney.Tests.Definitions;

/// <summary>
/// Reading malformed definition JSON. <see cref="JourneyDefinitionFormatException.Line"/> is 1-based;
/// <see cref="JourneyDefinitionFormatException.Position"/> is the documented 1-based byte position in that line at
/// which the reader stopped, i.e. just after the offending token.
/// </summary>
public sealed class JsonFormatTests
{
    private const string Valid = """
        {
          "name": "shop",
          "start": "visitor",
          "stages": [
            { "id": "visitor" },
            { "id": "buyer", "goal": true, "terminal": true }
          ],
          "touchpoints": [ { "id": "ad", "channel": "search" } ],
          "transitions": [ { "from": "visitor", "on": "ad", "to": "buyer" } ]
        }
        """;

    [Fact]
    public void Parse_WellFormedDocument_ReadsTheDefinition()
    {
        var definition = JourneyJson.Parse(Valid);

        Assert.Equal("shop", definition.Name);
        Assert.Equal(["buyer"], definition.GoalStages);
        Assert.Equal(new TransitionDefinition { From = "visitor", Touchpoint = "ad", To = "buyer" }, Assert.Single(definition.Transitions));
    }

    [Fact]
    public void Parse_TruncatedDocument_ReportsTheEndOfTheInput()
    {
        var ex = Assert.Throws<JourneyDefinitionFormatException>(() => JourneyJson.Parse("{\n  \"name\": \"shop\",\n  \"stages\": ["));

        Assert.Equal(3, ex.Line);
        Assert.Equal(14, ex.Position); // line 3 is 13 bytes long; the input ends after it
        Assert.Contains("line 3, position 14", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(ex.InnerException);
    }

    [Fact]
    public void Parse_WrongTypeOfValue_ReportsLinePositionAndPath()
    {
        var ex = Assert.Throws<JourneyDefinitionFormatException>(() => JourneyJson.Parse("{\n  \"name\": \"shop\",\n  \"version\": \"one\"\n}"));

        Assert.Equal(3, ex.Line);
        Assert.Equal(19, ex.Position); // "one" occupies bytes 14-18 of line 3
        Assert.Equal("$.version", ex.JsonPath);
        Assert.Contains("line 3, position 19 ($.version)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(" Path:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongTypeInsideAStage_ReportsTheNestedPath()
    {
        var ex = Assert.Throws<JourneyDefinitionFormatException>(() =>
            JourneyJson.Parse("{\n  \"name\": \"shop\",\n  \"stages\": [{\"id\": \"a\", \"goal\": 1}]\n}"));

        Assert.Equal(3, ex.Line);
        Assert.Equal(35, ex.Position); // the 1 is byte 34 of line 3
        Assert.Equal("$.stages[0].goal", ex.JsonPath);
    }

    [Fact]
    public void Parse_UnknownProperty_IsRejectedNamingIt()
    {
        var ex = Assert.Throws<JourneyDefinitionFormatException>(() => JourneyJson.Parse("{\n  \"name\": \"shop\",\n    \"colour\": \"red\"\n}"));

        Assert.Equal(3, ex.Line);
        Assert.Equal(5, ex.Position); // "colour" starts at byte 5 of line 3
        Assert.Equal("$.colour", ex.JsonPath);
        Assert.Contains("'colour' is not a property of a definition; expected one of: $schema, name, version", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Dto", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NonAsciiBeforeTheError_CountsPositionInBytes()
    {
        var ex = Assert.Throws<JourneyDefinitionFormatException>(() => JourneyJson.Parse("{\"name\": \"žžž\", \"version\": true}"));

        Assert.Equal(1, ex.Line);
        Assert.Equal(35, ex.Position); // 32 characters up to "true", each ž taking two bytes
    }

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("null", 1, 1)]
    [InlineData("[]", 1, 2)]
    public void Parse_NotAnObject_IsAFormatErrorAtTheStart(string json, long line, long position)
    {
        var ex = Assert.Throws<JourneyDefinitionFormatException>(() => JourneyJson.Parse(json));

        Assert.Equal(line, ex.Line);
        Assert.Equal(position, ex.Position);
    }

    [Fact]
    public void Parse_CommentsAndTrailingCommas_AreAccepted()
    {
        const string Relaxed = """
            {
              // a shop's journey
              "name": "shop",
              "start": "visitor", /* everyone starts here */
              "stages": [
                { "id": "visitor" },
                { "id": "buyer", "goal": true, "terminal": true, },
              ],
              "touchpoints": [ { "id": "ad", "channel": "search" }, ],
              "transitions": [ { "from": "visitor", "on": "ad", "to": "buyer" } ],
            }
            """;

        Assert.Equal(JourneyJson.Parse(Valid), JourneyJson.Parse(Relaxed));
    }

    [Fact]
    public void Parse_OversizedDocument_IsRejectedBeforeParsing()
    {
        var json = Valid.Replace("\"shop\"", "\"shop\"" + new string(' ', JourneyJson.MaxDocumentBytes), StringComparison.Ordinal);

        var fromText = Assert.Throws<JourneyDefinitionFormatException>(() => JourneyJson.Parse(json));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var fromStream = Assert.Throws<JourneyDefinitionFormatException>(() => JourneyJson.Parse(stream));

        Assert.Contains($"larger than {JourneyJson.MaxDocumentBytes} bytes", fromText.Message, StringComparison.Ordinal);
        Assert.Contains($"larger than {JourneyJson.MaxDocumentBytes} bytes", fromStream.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WellFormedButInvalid_ThrowsValidationNotFormatError()
    {
        var ex = Assert.Throws<JourneyDefinitionException>(() => JourneyJson.Parse(Valid.Replace("\"to\": \"buyer\"", "\"to\": \"seller\"", StringComparison.Ordinal)));

        // the unknown target is reported, and leads nowhere: 'buyer', reached only through it, is unreachable
        Assert.Collection(
            ex.Errors,
            error => Assert.Equal((DefinitionErrorCodes.UnknownStage, "transitions[0].to"), (error.Code, error.Path)),
            error => Assert.Equal((DefinitionErrorCodes.UnreachableStage, "stages[1]"), (error.Code, error.Path)));
    }

    [Fact]
    public void Load_TemplateExportedToAFile_ReadsBackEqual()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cj-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, JourneyJson.Serialize(JourneyTemplates.IntentPath));

            Assert.Equal(JourneyTemplates.IntentPath, JourneyJson.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
