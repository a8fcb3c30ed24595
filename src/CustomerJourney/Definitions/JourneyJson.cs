using System.Text;
using System.Text.Json;
using CustomerJourney.Definitions.Json;
using CustomerJourney.Internal;

namespace CustomerJourney.Definitions;

/// <summary>
/// Reads and writes journey definitions in the JSON format described by <c>docs/journey-definition.schema.json</c>.
/// Reading validates with the same validator as <see cref="JourneyBuilder"/>; writing then reading yields an equal definition.
/// </summary>
public static class JourneyJson
{
    /// <summary>The schema identifier written into <c>$schema</c>.</summary>
    public const string SchemaId = "https://customerjourney.dev/schemas/journey-definition.v1.json";

    /// <summary>The largest definition document accepted, in bytes.</summary>
    public const int MaxDocumentBytes = 8 * 1024 * 1024;

    /// <summary>The deepest nesting of objects and arrays accepted in a definition document.</summary>
    public const int MaxDepth = 16;

    /// <summary>Reads and validates a definition from JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="guards">When given, guard names missing from it are validation errors.</param>
    /// <returns>The validated definition.</returns>
    /// <exception cref="JourneyDefinitionFormatException">The text is not a well-formed definition document; the message gives line and position.</exception>
    /// <exception cref="JourneyDefinitionException">The definition is invalid; every error is listed.</exception>
    public static JourneyDefinition Parse(string json, GuardRegistry? guards = null)
    {
        Guard.NotNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), guards);
    }

    /// <summary>Reads and validates a definition from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The UTF-8 encoded JSON.</param>
    /// <param name="guards">When given, guard names missing from it are validation errors.</param>
    /// <returns>The validated definition.</returns>
    /// <exception cref="JourneyDefinitionFormatException">The document is not a well-formed definition.</exception>
    /// <exception cref="JourneyDefinitionException">The definition is invalid; every error is listed.</exception>
    public static JourneyDefinition Parse(ReadOnlySpan<byte> utf8Json, GuardRegistry? guards = null)
    {
        var dto = Read(utf8Json);
        var definition = JourneyDefinition.Create(
            dto.Name ?? string.Empty,
            dto.Version,
            dto.Description,
            dto.Start ?? string.Empty,
            (dto.Stages ?? []).Select(ToStage),
            (dto.Touchpoints ?? []).Select(ToTouchpoint),
            (dto.Transitions ?? []).Select(t => new TransitionDefinition { From = t.From ?? string.Empty, Touchpoint = t.On ?? string.Empty, To = t.To, Kind = t.Kind, Guard = t.Guard }),
            (dto.Inactivity ?? []).Select(ToRule),
            guards);
        return dto.Rules is null ? definition : definition.WithRules(dto.Rules.Select(r => r?.ToRule()!));
    }

    /// <summary>Reads and validates a definition from a stream.</summary>
    /// <param name="stream">The stream holding UTF-8 JSON.</param>
    /// <param name="guards">When given, guard names missing from it are validation errors.</param>
    /// <returns>The validated definition.</returns>
    /// <exception cref="JourneyDefinitionFormatException">The document is not well formed or is larger than <see cref="MaxDocumentBytes"/>.</exception>
    /// <exception cref="JourneyDefinitionException">The definition is invalid; every error is listed.</exception>
    public static JourneyDefinition Parse(Stream stream, GuardRegistry? guards = null)
    {
        Guard.NotNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxDocumentBytes)
            {
                throw new JourneyDefinitionFormatException($"The definition document is larger than {MaxDocumentBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), guards);
    }

    /// <summary>Reads and validates a definition from a file.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="guards">When given, guard names missing from it are validation errors.</param>
    /// <returns>The validated definition.</returns>
    /// <exception cref="JourneyDefinitionFormatException">The document is not well formed.</exception>
    /// <exception cref="JourneyDefinitionException">The definition is invalid; every error is listed.</exception>
    public static JourneyDefinition Load(string path, GuardRegistry? guards = null)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, guards);
    }

    /// <summary>Writes a definition as JSON.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="indented">Whether to indent the output.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(JourneyDefinition definition, bool indented = true)
    {
        Guard.NotNull(definition);
        var dto = new DefinitionDto
        {
            Schema = SchemaId,
            Name = definition.Name,
            Version = definition.Version,
            Description = definition.Description,
            Start = definition.StartStage,
            Stages = definition.Stages.Select(s => new StageDto
            {
                Id = s.Id,
                Names = s.DisplayNames.Count == 0 ? null : new SortedDictionary<string, string>(s.DisplayNames.ToDictionary(), StringComparer.Ordinal),
                SuperStage = s.SuperStage,
                Goal = s.IsGoal ? true : null,
                Terminal = s.IsTerminal ? true : null,
                Description = s.Description,
            }).ToList(),
            Touchpoints = definition.Touchpoints.Select(t => new TouchpointDto
            {
                Id = t.Id,
                Channel = t.Channel,
                Stages = t.ExpectedStages.Count == 0 ? null : t.ExpectedStages.ToList(),
                Owner = t.Owner,
                Task = t.Task,
                Description = t.Description,
                Kpis = t.Kpis.Count == 0 ? null : t.Kpis.Select(k => new KpiDto { Name = k.Name, Metric = k.Metric, Target = k.Target, Unit = k.Unit, Direction = k.Direction }).ToList(),
            }).ToList(),
            Transitions = definition.Transitions.Select(t => new TransitionDto { From = t.From, On = t.Touchpoint, To = t.To, Kind = t.Kind, Guard = t.Guard }).ToList(),
            Inactivity = definition.InactivityRules.Count == 0 ? null : definition.InactivityRules.Select(r => new InactivityDto
            {
                Stage = r.Stage,
                To = r.To,
                AfterDays = TimeSpan.FromDays(r.After.TotalDays) == r.After ? r.After.TotalDays : null,
                After = TimeSpan.FromDays(r.After.TotalDays) == r.After ? null : r.After,
            }).ToList(),
            Rules = definition.Rules.Count == 0 ? null : definition.Rules.Select(RuleDto.From).ToList(),
        };
        var options = new JsonSerializerOptions(DefinitionJsonContext.Default.Options)
        {
            WriteIndented = indented,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep lt, ru, fa names readable
        };
        return JsonSerializer.Serialize(dto, new DefinitionJsonContext(options).DefinitionDto);
    }

    private static DefinitionDto Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxDocumentBytes)
        {
            throw new JourneyDefinitionFormatException($"The definition document is larger than {MaxDocumentBytes} bytes.");
        }

        if (utf8Json.StartsWith(Utf8Bom))
        {
            utf8Json = utf8Json[Utf8Bom.Length..]; // a byte order mark, as some editors write, is not content
        }

        try
        {
            DefinitionJsonScanner.Check(utf8Json);
            return JsonSerializer.Deserialize(utf8Json, DefinitionJsonContext.Default.DefinitionDto)
                ?? throw new JourneyDefinitionFormatException("The definition document is 'null'; expected an object.", 1, 1, "$");
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber + 1;
            var position = ex.BytePositionInLine + 1;
            var where = ex.LineNumber is null ? string.Empty : $" at line {line}, position {position}";
            var path = ex.Path is null ? string.Empty : $" ({ex.Path})";
            var detail = Describe(ex.Message);
            throw new JourneyDefinitionFormatException($"Malformed journey definition{where}{path}: {detail}", line, position, ex.Path, ex);
        }
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The parser's message in the format's terms: no .NET type names, no repeated position.</summary>
    private static string Describe(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        const string Conversion = "could not be converted to ";
        var at = message.IndexOf(Conversion, StringComparison.Ordinal);
        if (at < 0)
        {
            return message;
        }

        var type = message[(at + Conversion.Length)..].TrimEnd('.');
        return "the value has the wrong type; expected " + ExpectedValue(type) + ".";
    }

    private static string ExpectedValue(string type) => type switch
    {
        _ when type.Contains("KpiMetric", StringComparison.Ordinal) => OneOf<KpiMetric>(),
        _ when type.Contains("KpiDirection", StringComparison.Ordinal) => OneOf<KpiDirection>(),
        _ when type.Contains("TransitionKind", StringComparison.Ordinal) => OneOf<TransitionKind>(),
        _ when type.Contains("Int32", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("Decimal", StringComparison.Ordinal) || type.Contains("Double", StringComparison.Ordinal) => "a number",
        _ when type.Contains("TimeSpan", StringComparison.Ordinal) => "a duration such as \"7.00:00:00\"",
        _ when type.Contains("String", StringComparison.Ordinal) && !type.Contains('[', StringComparison.Ordinal) => "a string",
        _ when type.Contains("List", StringComparison.Ordinal) => "an array",
        _ => "an object",
    };

    private static string OneOf<TEnum>()
        where TEnum : struct, Enum =>
        "one of " + string.Join(", ", Enum.GetNames<TEnum>().Select(n => $"'{JsonNamingPolicy.CamelCase.ConvertName(n)}'"));

    private static StageDefinition ToStage(StageDto s) =>
        new(s.Id ?? string.Empty, s.Names, s.SuperStage, s.Goal ?? false, s.Terminal ?? false, s.Description);

    private static TouchpointDefinition ToTouchpoint(TouchpointDto t) =>
        new(
            t.Id ?? string.Empty,
            t.Channel ?? string.Empty,
            t.Stages,
            t.Owner,
            t.Task,
            t.Kpis?.Select(k => new KpiDefinition { Name = k.Name ?? string.Empty, Metric = k.Metric, Target = k.Target, Unit = k.Unit ?? string.Empty, Direction = k.Direction }),
            t.Description);

    private static InactivityRule ToRule(InactivityDto r) =>
        new() { Stage = r.Stage, After = r.After ?? AfterDays(r.AfterDays), To = r.To ?? string.Empty };

    /// <summary><c>afterDays</c> as a time; out of range (or not finite) becomes a time the validator reports as out of range.</summary>
    private static TimeSpan AfterDays(double? days) => days switch
    {
        null => TimeSpan.Zero,
        { } d when !double.IsFinite(d) || d > JourneyDefinition.MaxInactivityDays => TimeSpan.MaxValue,
        { } d when d <= 0 => TimeSpan.Zero,
        { } d => TimeSpan.FromDays(d),
    };
}
