using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CustomerJourney.Analytics.Attribution;

namespace CustomerJourney.Cli.Commands;

/// <summary>
/// <c>journey attribution --paths FILE.csv --model first|last|linear|time-decay|position|markov|shapley [--order K] [--markov-states windows|history] [--half-life H] [--json]</c>:
/// per-channel attributed conversions and value of ChannelAttribution-style path data. A malformed file exits 2 with
/// the line number on stderr and nothing on stdout.
/// </summary>
internal static class AttributionCommand
{
    internal static readonly Dictionary<string, AttributionModel> Models = new(StringComparer.Ordinal)
    {
        ["first"] = AttributionModel.FirstTouch,
        ["last"] = AttributionModel.LastTouch,
        ["linear"] = AttributionModel.Linear,
        ["time-decay"] = AttributionModel.TimeDecay,
        ["position"] = AttributionModel.PositionBased,
        ["markov"] = AttributionModel.Markov,
        ["shapley"] = AttributionModel.Shapley,
    };

    public static Command Create(CliConsole console)
    {
        var paths = new Option<string>("--paths", "-p") { Description = "Path data CSV: path;total_conversions;total_conversion_value;total_null, channels separated by '>'.", Required = true };
        var model = new Option<string>("--model", "-m") { Description = "first, last, linear, time-decay, position, markov or shapley.", Required = true };
        model.AcceptOnlyFromAmong([.. Models.Keys]);
        var order = new Option<int>("--order", "-k") { Description = "Markov order, 1 to 4.", DefaultValueFactory = _ => 1 };
        var states = new Option<string>("--markov-states") { Description = "How Markov states are formed: windows (ChannelAttribution's sliding windows of k touches) or history (repeats collapsed, then the last up to k channels).", DefaultValueFactory = _ => "windows" };
        states.AcceptOnlyFromAmong("windows", "history");
        var halfLife = new Option<double>("--half-life") { Description = "Time decay half-life in touches back from the conversion.", DefaultValueFactory = _ => 7 };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {channel, conversions, value} instead of a table." };
        var command = new Command("attribution", "Attribute conversions and conversion value of path data to channels.") { paths, model, order, states, halfLife, json };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(paths)!;
            var options = new AttributionOptions { Model = Models[parse.GetValue(model)!], MarkovOrder = parse.GetValue(order), MarkovStates = parse.GetValue(states) == "history" ? MarkovStates.GrowingHistory : MarkovStates.SlidingWindows, HalfLife = parse.GetValue(halfLife) };
            var problems = options.Validate();
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    console.Error.WriteLine($"error: {problem}");
                }

                return JourneyCli.Unreadable;
            }

            if (!File.Exists(file))
            {
                console.Error.WriteLine($"error: cannot read '{file}': no such file.");
                return JourneyCli.Unreadable;
            }

            AttributionResult result;
            try
            {
                result = AttributionEngine.Compute(ChannelPathCsv.ReadFile(file), options);
            }
            catch (PathDataFormatException ex)
            {
                console.Error.WriteLine($"{file}:{ex.LineNumber}: error: {ex.Problem}");
                return JourneyCli.Unreadable;
            }
            catch (TooManyChannelsException ex)
            {
                console.Error.WriteLine($"error: {CliText.Message(ex)}");
                return JourneyCli.Invalid;
            }
            catch (OverflowException ex)
            {
                console.Error.WriteLine($"{file}: error: {ex.Message}");
                return JourneyCli.Invalid;
            }

            console.Out.Write(parse.GetValue(json) ? ToJson(result) : ToTable(result));
            return JourneyCli.Ok;
        });
        return command;
    }

    private static string ToJson(AttributionResult result)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var credit in result.Channels)
            {
                writer.WriteStartObject();
                writer.WriteString("channel", credit.Channel);
                writer.WriteNumber("conversions", credit.Conversions);
                writer.WriteNumber("value", credit.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    private static string ToTable(AttributionResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        var width = Math.Max("channel".Length, result.Channels.Count == 0 ? 0 : result.Channels.Max(c => c.Channel.Length));
        var text = new StringBuilder();
        text.AppendLine(inv, $"{"channel".PadRight(width)}  {"conversions",14}  {"value",16}  {"share",8}");
        foreach (var credit in result.Channels)
        {
            var share = result.TotalConversions > 0 ? credit.Conversions / result.TotalConversions : 0;
            text.AppendLine(inv, $"{credit.Channel.PadRight(width)}  {credit.Conversions,14:F2}  {credit.Value,16:F2}  {share,8:P2}");
        }

        text.AppendLine(inv, $"{"total".PadRight(width)}  {result.TotalConversions,14:F2}  {result.TotalValue,16:F2}  {(result.TotalConversions > 0 ? 1 : 0),8:P2}");
        return text.ToString();
    }
}
