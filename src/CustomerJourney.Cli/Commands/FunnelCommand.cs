using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CustomerJourney.Analytics;

namespace CustomerJourney.Cli.Commands;

/// <summary><c>journey funnel --definition D --events E [--segment S] [--window-days N] [--json]</c>.</summary>
internal static class FunnelCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new AnalyticsInput();
        var windowDays = new Option<double?>("--window-days") { Description = "Count a stage only when reached within this many days of entering the first stage." };
        var command = new Command("funnel", "Print the funnel over the definition's stages: customers, conversion, drop-off, per pass.");
        input.AddTo(command);
        command.Options.Add(windowDays);
        command.SetAction(parse =>
        {
            if (parse.GetValue(windowDays) is { } given && !(given > 0 && given <= AnalysisClock.MaxWindowDays))
            {
                console.Error.WriteLine($"error: --window-days {given.ToString(System.Globalization.CultureInfo.InvariantCulture)} must lie above 0 and at most {AnalysisClock.MaxWindowDays:0}.");
                return JourneyCli.Unreadable;
            }

            var code = input.TryLoad(parse, console, out var definition, out var journeys, out var filter);
            if (code != JourneyCli.Ok)
            {
                return code;
            }

            var window = parse.GetValue(windowDays) is { } days ? TimeSpan.FromDays(days) : (TimeSpan?)null;
            var report = FunnelAnalysis.Compute(journeys, definition!, new FunnelOptions { Window = window, Filter = filter });
            console.Out.Write(parse.GetValue(input.Json) ? ToJson(report) : ToTable(report));
            return JourneyCli.Ok;
        });
        return command;
    }

    internal static string ToTable(FunnelReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"{report.Journeys} journeys");
        text.AppendLine(c, $"{"stage",-24} {"customers",10} {"from prev",10} {"from start",10} {"drop-off",10}");
        foreach (var step in report.Steps)
        {
            text.AppendLine(c, $"{step.Stage,-24} {step.Customers,10} {step.ConversionFromPrevious,10:P1} {step.ConversionFromStart,10:P1} {step.DropOff,10}");
        }

        var goal = report.Steps.Count == 0 ? "-" : report.Steps[report.GoalStep].Stage;
        text.AppendLine(c, $"conversion to {goal}: {report.Conversion:P1}");
        foreach (var pass in report.Passes)
        {
            text.AppendLine(c, $"pass {pass.Pass}: {string.Join(" > ", pass.Customers)} (conversion {pass.Conversion:P1})");
        }

        text.AppendLine(c, $"passes through the first stage before the first goal: {Histogram(report.PassesBeforeGoal)}");
        text.AppendLine(c, $"stage entries before the first goal: {Histogram(report.VisitsBeforeGoal)}");
        return text.ToString();
    }

    internal static string ToJson(FunnelReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("journeys", report.Journeys);
            json.WriteString("goal", report.Steps.Count == 0 ? null : report.Steps[report.GoalStep].Stage);
            json.WriteNumber("conversion", report.Conversion);
            json.WriteStartArray("steps");
            foreach (var step in report.Steps)
            {
                json.WriteStartObject();
                json.WriteString("stage", step.Stage);
                json.WriteNumber("customers", step.Customers);
                json.WriteNumber("conversionFromPrevious", step.ConversionFromPrevious);
                json.WriteNumber("conversionFromStart", step.ConversionFromStart);
                json.WriteNumber("dropOff", step.DropOff);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("passes");
            foreach (var pass in report.Passes)
            {
                json.WriteStartObject();
                json.WriteNumber("pass", pass.Pass);
                json.WriteStartArray("customers");
                foreach (var count in pass.Customers)
                {
                    json.WriteNumberValue(count);
                }

                json.WriteEndArray();
                json.WriteNumber("conversion", pass.Conversion);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteHistogram(json, "passesBeforeGoal", report.PassesBeforeGoal);
            WriteHistogram(json, "visitsBeforeGoal", report.VisitsBeforeGoal);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    private static string Histogram(IReadOnlyDictionary<int, long> histogram) =>
        histogram.Count == 0 ? "(no conversions)" : string.Join(", ", histogram.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}: {p.Value}")));

    private static void WriteHistogram(Utf8JsonWriter json, string name, IReadOnlyDictionary<int, long> histogram)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in histogram)
        {
            json.WriteNumber(key.ToString(CultureInfo.InvariantCulture), value);
        }

        json.WriteEndObject();
    }
}
