using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CustomerJourney.Analytics;
using CustomerJourney.Analytics.Attribution;
using CustomerJourney.Definitions;
using CustomerJourney.Engine;

namespace CustomerJourney.Cli.Commands;

/// <summary>
/// <c>journey diff OLD NEW [--store SPEC] [--model M] [--json]</c>: what changed in the graph between two definitions
/// (files or template names) and, with a store, what the change would do to the recorded customers (stage moves, funnel,
/// attribution). A thin layer over <see cref="DefinitionDiff"/> and <see cref="DefinitionImpactAnalysis"/>.
/// </summary>
internal static class DiffCommand
{
    public static Command Create(CliConsole console)
    {
        var before = new Argument<string>("old") { Description = "The current definition: a JSON file or a built-in template name." };
        var after = new Argument<string>("new") { Description = "The changed definition: a JSON file or a built-in template name." };
        var store = new Option<string?>("--store", "-s") { Description = $"A recorded store ({StoreSpec.Usage}): also show how its customers would move. Journeys are read under the old definition's name." };
        var model = new Option<string>("--model", "-m") { Description = "The attribution model to compare: first, last, linear, time-decay, position, markov or shapley.", DefaultValueFactory = _ => "linear" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("diff", "Compare two definitions: graph changes and, with --store, how many customers would stand in another stage, and the funnel and attribution before and after.")
        {
            before, after, store, model, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!AttributionCommand.Models.TryGetValue(parse.GetValue(model)!, out var attribution))
            {
                console.Error.WriteLine($"error: unknown --model '{parse.GetValue(model)}'; expected {string.Join(", ", AttributionCommand.Models.Keys)}.");
                return JourneyCli.Unreadable;
            }

            var code = DefinitionSource.TryLoad(parse.GetValue(before)!, console, out var old);
            if (code == JourneyCli.Ok)
            {
                code = DefinitionSource.TryLoad(parse.GetValue(after)!, console, out var now);
                if (code == JourneyCli.Ok)
                {
                    return await RunAsync(old!, now!, parse.GetValue(store), attribution, parse.GetValue(json), console, cancellationToken).ConfigureAwait(false);
                }
            }

            return code;
        });
        return command;
    }

    private static async Task<int> RunAsync(JourneyDefinition old, JourneyDefinition now, string? storeSpec, AttributionModel model, bool json, CliConsole console, CancellationToken cancellationToken)
    {
        var diff = DefinitionDiff.Compare(old, now);
        DefinitionImpact? impact = null;
        var where = string.Empty;
        if (storeSpec is not null)
        {
            var code = StoreSpec.TryOpenStore(storeSpec, console, out var store, out where);
            if (code != JourneyCli.Ok)
            {
                return code;
            }

            try
            {
                impact = await DefinitionImpactAnalysis.AnalyzeAsync(store!, JourneyEngine.Compile(old), JourneyEngine.Compile(now), null, model, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await store!.DisposeAsync().ConfigureAwait(false);
            }
        }

        console.Out.Write(json ? ToJson(diff, impact) : ToText(diff, impact, where));
        return JourneyCli.Ok;
    }

    internal static string ToText(DefinitionDiff diff, DefinitionImpact? impact, string where)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"{diff.Before.Name} {diff.BeforeVersion} -> {diff.After.Name} {diff.AfterVersion}");
        text.AppendLine(c, $"graph: {diff.Changes.Count} change(s), {diff.Changes.Count(x => x.AffectsStages)} can move customers");
        foreach (var change in diff.Changes)
        {
            text.AppendLine(c, $"  {(change.AffectsStages ? '*' : ' ')} {change}");
        }

        if (impact is null)
        {
            return text.ToString();
        }

        text.AppendLine();
        text.AppendLine(c, $"store: {where}, {impact.Customers:N0} customers as of {impact.AsOf:yyyy-MM-dd HH:mm:ss}Z");
        text.AppendLine(c, $"{impact.Moved:N0} would stand in another stage");
        text.AppendLine(c, $"  {"from",-24} {"to",-24} {"customers",10}");
        foreach (var move in impact.Moves.Where(m => m.IsMove))
        {
            text.AppendLine(c, $"  {move.From ?? "(no journey)",-24} {move.To ?? "(no journey)",-24} {move.Customers,10:N0}");
        }

        text.AppendLine();
        text.AppendLine(c, $"  {"stage",-24} {"now",10} {"after",10} {"change",10}");
        var stagesBefore = impact.StagesBefore();
        var stagesAfter = impact.StagesAfter();
        foreach (var stage in diff.After.Stages.Select(s => s.Id).Concat(diff.Before.Stages.Select(s => s.Id)).Distinct(StringComparer.Ordinal))
        {
            var b = stagesBefore.GetValueOrDefault(stage);
            var a = stagesAfter.GetValueOrDefault(stage);
            text.AppendLine(c, $"  {stage,-24} {b,10:N0} {a,10:N0} {a - b,10:+#,0;-#,0;0}");
        }

        text.AppendLine();
        text.AppendLine(c, $"  {"funnel",-24} {"now",10} {"after",10} {"change",10}");
        foreach (var step in impact.Funnel)
        {
            text.AppendLine(c, $"  {step.Stage,-24} {Count(step.Before),10} {Count(step.After),10} {step.Change,10:+#,0;-#,0;0}");
        }

        text.AppendLine(c, $"  {"conversion",-24} {impact.FunnelBefore.Conversion,10:P1} {impact.FunnelAfter.Conversion,10:P1}");
        text.AppendLine(c, $"  {"converted customers",-24} {impact.ConvertedBefore,10:N0} {impact.ConvertedAfter,10:N0} {impact.ConvertedAfter - impact.ConvertedBefore,10:+#,0;-#,0;0}");
        text.AppendLine();
        text.AppendLine(c, $"  {"attribution (" + ModelName(impact.AttributionModel) + ")",-24} {"now",10} {"after",10} {"change",10}");
        foreach (var channel in impact.Attribution)
        {
            text.AppendLine(c, $"  {channel.Channel,-24} {channel.ConversionsBefore,10:N1} {channel.ConversionsAfter,10:N1} {channel.ConversionsChange,10:+#,0.0;-#,0.0;0.0}");
        }

        return text.ToString();

        static string Count(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";
    }

    internal static string ToJson(DefinitionDiff diff, DefinitionImpact? impact)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            WriteVersion(json, "before", diff.Before, diff.BeforeVersion);
            WriteVersion(json, "after", diff.After, diff.AfterVersion);
            json.WriteBoolean("affectsStages", diff.AffectsStages);
            json.WriteStartArray("changes");
            foreach (var change in diff.Changes)
            {
                json.WriteStartObject();
                json.WriteString("element", Camel(change.Element.ToString()));
                json.WriteString("kind", Camel(change.Kind.ToString()));
                json.WriteString("id", change.Id);
                json.WriteString("before", change.Before);
                json.WriteString("after", change.After);
                json.WriteBoolean("affectsStages", change.AffectsStages);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (impact is not null)
            {
                WriteImpact(json, impact);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    private static void WriteImpact(Utf8JsonWriter json, DefinitionImpact impact)
    {
        json.WriteStartObject("impact");
        json.WriteString("asOf", impact.AsOf);
        json.WriteNumber("customers", impact.Customers);
        json.WriteNumber("moved", impact.Moved);
        json.WriteStartArray("moves");
        foreach (var move in impact.Moves)
        {
            json.WriteStartObject();
            json.WriteString("from", move.From);
            json.WriteString("to", move.To);
            json.WriteNumber("customers", move.Customers);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("funnel");
        foreach (var step in impact.Funnel)
        {
            json.WriteStartObject();
            json.WriteString("stage", step.Stage);
            WriteCount(json, "before", step.Before);
            WriteCount(json, "after", step.After);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("conversionBefore", impact.FunnelBefore.Conversion);
        json.WriteNumber("conversionAfter", impact.FunnelAfter.Conversion);
        json.WriteNumber("convertedBefore", impact.ConvertedBefore);
        json.WriteNumber("convertedAfter", impact.ConvertedAfter);
        json.WriteStartObject("attribution");
        json.WriteString("model", ModelName(impact.AttributionModel));
        json.WriteStartArray("channels");
        foreach (var channel in impact.Attribution)
        {
            json.WriteStartObject();
            json.WriteString("channel", channel.Channel);
            json.WriteNumber("conversionsBefore", channel.ConversionsBefore);
            json.WriteNumber("conversionsAfter", channel.ConversionsAfter);
            json.WriteNumber("valueBefore", channel.ValueBefore);
            json.WriteNumber("valueAfter", channel.ValueAfter);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteVersion(Utf8JsonWriter json, string name, JourneyDefinition definition, DefinitionVersion version)
    {
        json.WriteStartObject(name);
        json.WriteString("name", definition.Name);
        json.WriteString("version", version.ToString());
        json.WriteEndObject();
    }

    private static void WriteCount(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string ModelName(AttributionModel model) => AttributionCommand.Models.First(m => m.Value == model).Key;

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
