using System.Text.Json.Serialization;

namespace CustomerJourney.Reporting;

/// <summary>The report model's System.Text.Json contract, generated at compile time (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ReportModel))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
