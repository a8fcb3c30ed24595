using System.Text.Json.Serialization;
using CustomerJourney.Definitions.Rules;

namespace CustomerJourney.Definitions.Json;

internal sealed class RuleDto
{
    [JsonRequired]
    [JsonConverter(typeof(CamelCaseEnumConverter<StageRuleKind>))]
    public StageRuleKind Kind { get; set; }

    public string? Name { get; set; }

    public string? Stage { get; set; }

    public string? Before { get; set; }

    public int? Passes { get; set; }

    public string? Channel { get; set; }

    public string? Touchpoint { get; set; }

    public static RuleDto From(StageRule r) => new() { Kind = r.Kind, Name = r.Name, Stage = r.Stage, Before = r.Before, Passes = r.Passes, Channel = r.Channel, Touchpoint = r.Touchpoint };

    public StageRule ToRule() => new() { Kind = Kind, Stage = Stage, Before = Before, Passes = Passes, Channel = Channel, Touchpoint = Touchpoint, Name = Name };
}
