using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CustomerJourney.Analytics;

namespace CustomerJourney.Cli.Commands;

/// <summary><c>journey predict --definition D --events E [--segment S] [--json]</c>: the fitted stage-transition model.</summary>
internal static class PredictCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new AnalyticsInput();
        var command = new Command("predict", "Print next-stage probabilities, expected time to the next stage and the probability of converting, per stage.");
        input.AddTo(command);
        command.SetAction(parse =>
        {
            var code = input.TryLoad(parse, console, out var definition, out var journeys, out var filter);
            if (code != JourneyCli.Ok)
            {
                return code;
            }

            var model = TransitionModel.Fit(journeys, filter);
            var predictions = definition!.Stages.Select(s => model.Predict(s.Id)).ToArray();
            console.Out.Write(parse.GetValue(input.Json) ? ToJson(predictions) : ToTable(predictions));
            return JourneyCli.Ok;
        });
        return command;
    }

    internal static string ToTable(IReadOnlyList<StagePrediction> predictions)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"{"stage",-24} {"P(goal)",8} {"time to next",14}  next stages");
        foreach (var p in predictions)
        {
            var time = p.ExpectedTimeToNext is { } t ? t.TotalDays.ToString("0.0", c) + " d" : "-";
            var next = p.NextStages.Count == 0 ? "-" : string.Join(", ", p.NextStages.OrderByDescending(n => n.Value).Select(n => string.Create(c, $"{n.Key} {n.Value:P1}")));
            text.AppendLine(c, $"{p.Stage,-24} {p.GoalProbability,8:P1} {time,14}  {next}");
        }

        return text.ToString();
    }

    internal static string ToJson(IReadOnlyList<StagePrediction> predictions)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var p in predictions)
            {
                json.WriteStartObject();
                json.WriteString("stage", p.Stage);
                json.WriteNumber("goalProbability", p.GoalProbability);
                if (p.ExpectedTimeToNext is { } t)
                {
                    json.WriteNumber("expectedSecondsToNext", t.TotalSeconds);
                }
                else
                {
                    json.WriteNull("expectedSecondsToNext");
                }

                json.WriteStartObject("next");
                foreach (var (stage, probability) in p.NextStages)
                {
                    json.WriteNumber(stage, probability);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }
}
