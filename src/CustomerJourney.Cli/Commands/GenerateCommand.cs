using System.CommandLine;
using System.Globalization;
using System.Text;
using CustomerJourney.Definitions;

namespace CustomerJourney.Cli.Commands;

/// <summary>
/// <c>journey generate --definition D --customers N --events M [--seed S] [--start ISO] [--interval-seconds T] [--format csv|jsonl] --out FILE</c>:
/// writes a synthetic events file for volume runs of <c>journey track</c>. Deterministic by seed: the same arguments
/// always write the same bytes.
/// </summary>
/// <remarks>
/// Each event picks a customer at random, skewed so that some customers return often and most rarely (a customer's
/// weight is drawn once from a heavy-tailed distribution), walks that customer forward through the definition's stages
/// in order (a touchpoint of the customer's current stage, sometimes of the next one), and carries a value on about a
/// third of the events. Timestamps increase by <c>--interval-seconds</c> per event and, unless <c>--start</c> is given,
/// end at <see cref="DefaultEnd"/> (so that a tracker, which rejects events from the future, accepts every one of them);
/// event ids are <c>e-1</c>, <c>e-2</c>, ...
/// </remarks>
internal static class GenerateCommand
{
    public static Command Create(CliConsole console)
    {
        var definition = new Option<string>("--definition", "-d") { Description = "The definition's JSON file, or a built-in template name.", Required = true };
        var customers = new Option<int>("--customers", "-c") { Description = "Distinct customers (1 to 100000000).", DefaultValueFactory = _ => 100_000 };
        var events = new Option<long>("--events", "-n") { Description = "Events to write (1 to 10000000000).", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<int>("--seed") { Description = "The random seed; the same seed writes the same file.", DefaultValueFactory = _ => 1 };
        var start = new Option<string?>("--start") { Description = "The first event's time (ISO 8601; default: such that the last event is at 2026-01-01T00:00:00Z, so that every event lies in the past)." };
        var interval = new Option<int>("--interval-seconds") { Description = "Seconds between consecutive events (0 to 86400).", DefaultValueFactory = _ => 20 };
        var format = new Option<string?>("--format", "-f") { Description = "csv or jsonl (default: from the extension of --out)." };
        var output = new Option<string>("--out", "-o") { Description = "The file to write.", Required = true };
        var command = new Command("generate", "Write a synthetic, reproducible events file (random repeat customers, increasing times).")
        {
            definition, customers, events, seed, start, interval, format, output,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetValue(definition)!,
            parse.GetValue(customers),
            parse.GetValue(events),
            parse.GetValue(seed),
            parse.GetValue(start),
            parse.GetValue(interval),
            parse.GetValue(format),
            parse.GetValue(output)!));
        return command;
    }

    /// <summary>Where the generated events end when no <c>--start</c> is given: fixed (the file depends on the arguments alone) and in the past.</summary>
    internal static readonly DateTimeOffset DefaultEnd = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static int Run(CliConsole console, string definitionPath, int customers, long events, int seed, string? start, int interval, string? format, string path)
    {
        if (customers is < 1 or > 100_000_000 || events is < 1 or > 10_000_000_000 || interval is < 0 or > 86_400)
        {
            console.Error.WriteLine("error: --customers must lie between 1 and 100000000, --events between 1 and 10000000000, --interval-seconds between 0 and 86400.");
            return JourneyCli.Unreadable;
        }

        var first = DefaultEnd - TimeSpan.FromSeconds((double)(events - 1) * interval);
        if (start is not null && !EventTime.TryParse(start, out first))
        {
            console.Error.WriteLine($"error: --start '{start}' is not an ISO 8601 date and time.");
            return JourneyCli.Unreadable;
        }

        var layout = EventFile.FormatOf(path, format);
        if (layout is null)
        {
            console.Error.WriteLine($"error: cannot tell the layout of '{path}'; pass --format csv or --format jsonl.");
            return JourneyCli.Unreadable;
        }

        var code = DefinitionSource.TryLoad(definitionPath, console, out var definition);
        if (code != JourneyCli.Ok)
        {
            return code;
        }

        var stages = StageTouchpoints(definition!);
        if (stages.Count == 0)
        {
            console.Error.WriteLine($"error: '{definitionPath}' has no touchpoints to generate.");
            return JourneyCli.Invalid;
        }

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        Write(writer, layout, stages, customers, events, seed, first.ToUniversalTime(), interval);
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {events:N0} events of {customers:N0} customers to {path}"));
        return JourneyCli.Ok;
    }

    /// <summary>Writes the events; exposed for tests.</summary>
    internal static void Write(TextWriter writer, string layout, IReadOnlyList<string[]> stages, int customers, long events, int seed, DateTimeOffset first, int interval)
    {
        var random = new Random(seed);

        // heavy-tailed weights (Pareto, alpha 2) give a few frequent customers and many occasional ones; an alias-free
        // draw through the cumulative weights keeps it simple and exact
        var cumulative = new double[customers];
        var total = 0.0;
        for (var i = 0; i < customers; i++)
        {
            total += Math.Pow(1 - random.NextDouble(), -1 / 2.0);
            cumulative[i] = total;
        }

        var stage = new byte[customers];
        var c = CultureInfo.InvariantCulture;
        var jsonl = layout == EventFile.JsonLines;
        if (!jsonl)
        {
            writer.Write("event_id,customer_id,touchpoint,occurred_at,channel,value,segment\n");
        }

        string[] segments = ["new", "returning", "vip"];
        var at = first;
        var step = TimeSpan.FromSeconds(interval);
        for (long n = 1; n <= events; n++)
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
            var customer = index < 0 ? Math.Min(~index, customers - 1) : index;
            var current = stage[customer];
            if (current + 1 < stages.Count && random.Next(4) == 0)
            {
                current++; // moves on a stage now and then
                stage[customer] = (byte)Math.Min(current, byte.MaxValue);
            }

            var choices = stages[current];
            var touchpoint = choices[random.Next(choices.Length)];
            var time = at.ToString("yyyy-MM-ddTHH:mm:ssZ", c);
            string? value = random.Next(3) == 0 ? (random.Next(500, 50_000) / 100m).ToString("0.00", c) : null;
            var segment = segments[customer % 3];
            if (jsonl)
            {
                writer.Write(string.Create(c, $"{{\"eventId\":\"e-{n}\",\"customerId\":\"c-{customer + 1}\",\"touchpoint\":\"{touchpoint}\",\"occurredAt\":\"{time}\""));
                if (value is not null)
                {
                    writer.Write(",\"value\":");
                    writer.Write(value);
                }

                writer.Write(",\"segment\":\"");
                writer.Write(segment);
                writer.Write("\"}\n");
            }
            else
            {
                writer.Write(string.Create(c, $"e-{n},c-{customer + 1},{touchpoint},{time},,{value},{segment}\n"));
            }

            at += step;
        }
    }

    /// <summary>The touchpoints expected at each stage, in the definition's stage order (stages without any are left out).</summary>
    internal static List<string[]> StageTouchpoints(JourneyDefinition definition)
    {
        var result = new List<string[]>();
        foreach (var stage in definition.Stages)
        {
            var touchpoints = definition.Touchpoints.Where(t => t.ExpectedStages.Contains(stage.Id, StringComparer.Ordinal)).Select(t => t.Id).ToArray();
            if (touchpoints.Length > 0)
            {
                result.Add(touchpoints);
            }
        }

        return result;
    }
}
