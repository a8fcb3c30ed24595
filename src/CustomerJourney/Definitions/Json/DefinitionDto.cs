using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerJourney.Definitions.Json;

internal sealed class DefinitionDto
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    public string? Name { get; set; }

    public int Version { get; set; } = 1;

    public string? Description { get; set; }

    public string? Start { get; set; }

    public List<StageDto>? Stages { get; set; }

    public List<TouchpointDto>? Touchpoints { get; set; }

    public List<TransitionDto>? Transitions { get; set; }

    public List<InactivityDto>? Inactivity { get; set; }

    public List<RuleDto>? Rules { get; set; }
}

internal sealed class StageDto
{
    public string? Id { get; set; }

    public SortedDictionary<string, string>? Names { get; set; }

    public string? SuperStage { get; set; }

    public bool? Goal { get; set; }

    public bool? Terminal { get; set; }

    public string? Description { get; set; }
}

internal sealed class TouchpointDto
{
    public string? Id { get; set; }

    public string? Channel { get; set; }

    public List<string>? Stages { get; set; }

    public string? Owner { get; set; }

    public string? Task { get; set; }

    public string? Description { get; set; }

    public List<KpiDto>? Kpis { get; set; }
}

internal sealed class KpiDto
{
    public string? Name { get; set; }

    [JsonConverter(typeof(CamelCaseEnumConverter<KpiMetric>))]
    public KpiMetric Metric { get; set; }

    public decimal Target { get; set; }

    public string? Unit { get; set; }

    [JsonConverter(typeof(CamelCaseEnumConverter<KpiDirection>))]
    public KpiDirection Direction { get; set; }
}

internal sealed class TransitionDto
{
    public string? From { get; set; }

    public string? On { get; set; }

    public string? To { get; set; }

    [JsonConverter(typeof(CamelCaseEnumConverter<TransitionKind>))]
    public TransitionKind Kind { get; set; }

    public string? Guard { get; set; }
}

internal sealed class InactivityDto
{
    public string? Stage { get; set; }

    public double? AfterDays { get; set; }

    public TimeSpan? After { get; set; }

    public string? To { get; set; }
}

internal sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true)]
[JsonSerializable(typeof(DefinitionDto))]
internal sealed partial class DefinitionJsonContext : JsonSerializerContext;
