using System.Text;
using CustomerJourney.Definitions;
using CustomerJourney.Fuzz;
using CustomerJourney.Templates;
using CustomerJourney.Tests.Generators;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerJourney.Tests.Fuzz;

/// <summary>
/// Malformed input inside the normal test run: valid documents mutated at random (bytes dropped, repeated, replaced,
/// structural tokens and awkward values inserted) go through the fuzz targets, which let through only exceptions their
/// parsers do not document.
/// </summary>
[Properties(Arbitrary = [typeof(DefinitionArbitraries)])]
public sealed class MalformedInputProperties
{
    private static readonly string[] Tokens =
    [
        "null", ",", "{", "}", "[", "]", ":", "\"", "\\u0000", "\"id\": 1,", "\"names\": {\"en\": null},", "1e400", "-0", "\"\"",
        "\uFEFF", "\"stages\": [null],", "\"name\": \"x\",", "\n", ";", ">", " > ", ";;", "1e308", "NaN", "-1", "\r", "Password=", "PSW=x;", "'", "=",
    ];

    [Property(MaxTest = 300)]
    public void Definition_MutatedDocument_IsAnsweredWithADocumentedError(GeneratedJourney journey, int[] edits)
    {
        var json = Encoding.UTF8.GetBytes(JourneyJson.Serialize(journey.Definition, indented: false));

        FuzzTargets.Definition(Mutate(json, edits));
    }

    [Property(MaxTest = 200)]
    public void Template_MutatedDocument_IsAnsweredWithADocumentedError(int[] edits, NonNegativeInt which)
    {
        var template = JourneyTemplates.Names[which.Get % JourneyTemplates.Names.Count];
        var json = Encoding.UTF8.GetBytes(JourneyJson.Serialize(JourneyTemplates.Get(template)));

        FuzzTargets.Definition(Mutate(json, edits));
    }

    [Property(MaxTest = 300)]
    public Property Paths_MutatedCsv_IsAnsweredWithADocumentedError(int[] edits) =>
        Prop.ForAll(
            Gen.Elements("a", "b", "c", "d").ArrayOf().Where(p => p.Length > 0).ListOf().Where(l => l.Count > 0).ToArbitrary(),
            paths =>
            {
                var csv = new StringBuilder("path;total_conversions;total_conversion_value;total_null\n");
                for (var i = 0; i < paths.Count; i++)
                {
                    csv.Append(string.Join(" > ", paths[i])).Append(';').Append(i % 3).Append(';').Append(i * 1.5).Append(';').Append(i % 2).Append('\n');
                }

                FuzzTargets.Paths(Mutate(Encoding.UTF8.GetBytes(csv.ToString()), edits));
            });

    [Property(MaxTest = 300)]
    public void StoreSpec_RandomPostgresSpec_NeverPrintsThePassword(string[] parts, NonNegativeInt secret)
    {
        var keys = new[] { "Password", "PSW", "pwd", "password", "SSL Password", "SslPassword", "Host", "Username", "Schema", "Port" };
        var spec = new StringBuilder("postgres:Host=db;");
        for (var i = 0; i < (parts?.Length ?? 0); i++)
        {
            spec.Append(keys[i % keys.Length]).Append('=').Append(parts![i]?.Replace(";", string.Empty, StringComparison.Ordinal)).Append(';');
        }

        spec.Append(keys[secret.Get % 6]).Append("=Secret").Append(secret.Get.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Append("xyz");

        FuzzTargets.StoreSpecs(Encoding.UTF8.GetBytes(spec.ToString()));
        Assert.DoesNotContain($"Secret{secret.Get:D6}xyz", CustomerJourney.Cli.Commands.StoreSpec.Redact(spec.ToString()), StringComparison.Ordinal);
    }

    /// <summary>Applies edits to a copy: each edit picks an operation, a position and a token or byte from its bits.</summary>
    private static byte[] Mutate(byte[] input, int[] edits)
    {
        var bytes = new List<byte>(input);
        foreach (var raw in edits ?? [])
        {
            // FsCheck's integers are small; spread them over positions, operations and tokens
            var edit = unchecked((uint)raw * 2654435761u);
            var at = bytes.Count == 0 ? 0 : (int)(edit % (uint)bytes.Count);
            var parameter = (int)(edit >> 8);
            switch ((edit >> 28) & 7)
            {
                case 0 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(1 + (parameter & 31), bytes.Count - at));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = (byte)parameter;
                    break;
                case 2 when bytes.Count > 0:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(1 + (parameter & 63), bytes.Count - at)));
                    break;
                default:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[parameter % Tokens.Length]));
                    break;
            }
        }

        return [.. bytes];
    }
}
