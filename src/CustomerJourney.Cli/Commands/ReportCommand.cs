using System.CommandLine;
using System.Text;
using CustomerJourney.Analytics;
using CustomerJourney.Engine;
using CustomerJourney.Reporting;

namespace CustomerJourney.Cli.Commands;

/// <summary>
/// <c>journey report --definition FILE.json|TEMPLATE (--store SPEC | --events FILE.jsonl) [--out FILE] [--culture C] [--as-of T]</c>:
/// writes the self-contained HTML report of the stored (or file) journeys.
/// </summary>
internal static class ReportCommand
{
    /// <summary>The report file written when none is given.</summary>
    public const string DefaultOut = "journey-report.html";

    /// <summary>The <c>--culture</c> option: the language of stage names.</summary>
    public static Option<string> CultureOption() =>
        new("--culture") { Description = "Language of stage names: " + string.Join(", ", ReportModel.Cultures) + " (fa is right-to-left).", DefaultValueFactory = _ => "en" };

    /// <summary>Whether <paramref name="culture"/> is one the report knows; prints an error when not.</summary>
    public static bool CheckCulture(string culture, CliConsole console)
    {
        if (ReportModel.Cultures.Contains(culture, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        console.Error.WriteLine($"error: unknown culture '{culture}'; use one of {string.Join(", ", ReportModel.Cultures)}.");
        return false;
    }

    public static Command Create(CliConsole console)
    {
        var definitionOption = new Option<string>("--definition", "-d") { Description = "The definition's JSON file, or a built-in template name.", Required = true };
        var store = new Option<string?>("--store") { Description = $"The store to read journeys from ({StoreSpec.Usage}): e.g. the one 'journey demo' or 'journey track' wrote." };
        var events = new Option<string?>("--events", "-e") { Description = "Instead of a store: a JSON Lines events file (see docs/analytics-journeys.md)." };
        var output = new Option<string>("--out", "-o") { Description = "The HTML file to write.", DefaultValueFactory = _ => DefaultOut };
        var culture = CultureOption();
        var asOf = new Option<DateTimeOffset?>("--as-of") { Description = "Apply inactivity rules up to this time (ISO 8601); the latest event's time by default." };
        var command = new Command("report", "Write a self-contained HTML report of the journeys: stage graph, funnel, time in stage, flows, attribution, touchpoint KPIs, per segment.")
        {
            definitionOption, store, events, output, culture, asOf,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var code = DefinitionSource.TryLoad(parse.GetValue(definitionOption)!, console, out var definition);
            if (code != JourneyCli.Ok)
            {
                return code;
            }

            if (!CheckCulture(parse.GetValue(culture)!, console))
            {
                return JourneyCli.Unreadable;
            }

            var storeSpec = parse.GetValue(store);
            var eventsPath = parse.GetValue(events);
            if ((storeSpec is null) == (eventsPath is null))
            {
                console.Error.WriteLine("error: give exactly one of --store and --events.");
                return JourneyCli.Unreadable;
            }

            var engine = JourneyEngine.Compile(definition!);
            JourneySnapshot loaded;
            if (eventsPath is not null)
            {
                code = EventsReader.TryRead(eventsPath, console, out var lines);
                if (code != JourneyCli.Ok)
                {
                    return code;
                }

                loaded = JourneySnapshot.FromEvents(lines.Select(l => l.Event), engine, parse.GetValue(asOf));
            }
            else
            {
                if (!StoreSpec.TryOpenStore(storeSpec!, console, out var opened, out _))
                {
                    return JourneyCli.Unreadable;
                }

                try
                {
                    loaded = await JourneySnapshot.ReadAsync(opened!, engine, parse.GetValue(asOf), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await opened!.DisposeAsync().ConfigureAwait(false);
                }
            }

            if (loaded.RejectedEvents > 0)
            {
                console.Error.WriteLine($"warning: {loaded.RejectedEvents} events rejected (unknown touchpoints or invalid fields).");
            }

            var model = ReportModel.Build(loaded, parse.GetValue(culture)!);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            await File.WriteAllTextAsync(path, ReportHtml.Render(model), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            console.Out.WriteLine($"{model.All.Journeys} journeys; report: {path}");
            return JourneyCli.Ok;
        });
        return command;
    }
}
