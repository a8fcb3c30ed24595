using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CustomerJourney.Analytics;

namespace CustomerJourney.Cli.Commands;

/// <summary><c>journey paths --definition D --events E [--segment S] [--top N] [--no-collapse] [--json]</c>.</summary>
internal static class PathsCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new AnalyticsInput();
        var top = new Option<int>("--top") { Description = "How many of the most common paths to print.", DefaultValueFactory = _ => 10 };
        var noCollapse = new Option<bool>("--no-collapse") { Description = "Keep consecutive repeats (A > A > B) in paths and self-flows." };
        var command = new Command("paths", "Print the most common stage and touchpoint paths and the flows between stages.");
        input.AddTo(command);
        command.Options.Add(top);
        command.Options.Add(noCollapse);
        command.SetAction(parse =>
        {
            if (parse.GetValue(top) < 1)
            {
                console.Error.WriteLine($"error: --top {parse.GetValue(top)} must be at least 1.");
                return JourneyCli.Unreadable;
            }

            var code = input.TryLoad(parse, console, out _, out var journeys, out var filter);
            if (code != JourneyCli.Ok)
            {
                return code;
            }

            var report = PathAnalysis.Compute(journeys, new PathOptions { Top = parse.GetValue(top), CollapseRepeats = !parse.GetValue(noCollapse), Filter = filter });
            console.Out.Write(parse.GetValue(input.Json) ? ToJson(report) : ToTable(report));
            return JourneyCli.Ok;
        });
        return command;
    }

    internal static string ToTable(PathReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"{report.Journeys} journeys");
        foreach (var (title, paths) in new[] { ("stage paths", report.StagePaths), ("touchpoint paths", report.TouchpointPaths) })
        {
            text.AppendLine(c, $"{title}:");
            text.AppendLine(c, $"{"count",10} {"share",8}  path");
            foreach (var path in paths)
            {
                text.AppendLine(c, $"{path.Count,10} {path.Share,8:P1}  {string.Join(" > ", path.Path)}");
            }
        }

        text.AppendLine("flows:");
        text.AppendLine(c, $"{"from",-24} {"to",-24} {"count",10}");
        foreach (var flow in report.Flows)
        {
            text.AppendLine(c, $"{flow.From,-24} {flow.To,-24} {flow.Count,10}");
        }

        return text.ToString();
    }

    internal static string ToJson(PathReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("journeys", report.Journeys);
            WritePaths(json, "stagePaths", report.StagePaths);
            WritePaths(json, "touchpointPaths", report.TouchpointPaths);
            json.WriteStartArray("flows");
            foreach (var flow in report.Flows)
            {
                json.WriteStartObject();
                json.WriteString("from", flow.From);
                json.WriteString("to", flow.To);
                json.WriteNumber("count", flow.Count);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    private static void WritePaths(Utf8JsonWriter json, string name, IReadOnlyList<PathCount> paths)
    {
        json.WriteStartArray(name);
        foreach (var path in paths)
        {
            json.WriteStartObject();
            json.WriteStartArray("path");
            foreach (var step in path.Path)
            {
                json.WriteStringValue(step);
            }

            json.WriteEndArray();
            json.WriteNumber("count", path.Count);
            json.WriteNumber("share", path.Share);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
