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

    /// <summary>
    /// Whether the report can be written to <paramref name="output"/>, checked before any work: not a directory, and the
    /// file can be created or overwritten (a file this check creates is removed again). Prints an error when not.
    /// </summary>
    public static bool CheckOutput(string output, CliConsole console)
    {
        string path;
        try
        {
            path = Path.GetFullPath(output);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            console.Error.WriteLine($"error: --out '{output}' is not a usable path: {ex.Message}");
            return false;
        }

        if (Directory.Exists(path))
        {
            console.Error.WriteLine($"error: --out '{path}' is a directory; give the report's file name, e.g. {Path.Combine(path, DefaultOut)}.");
            return false;
        }

        var existed = File.Exists(path);
        try
        {
            using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
            {
            }

            if (!existed)
            {
                File.Delete(path);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write the report to '{path}': {ex.Message}");
            return false;
        }
    }

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
        var store = new Option<string?>("--store", "-s") { Description = $"The store to read journeys from ({StoreSpec.Usage}): e.g. the one 'journey demo' or 'journey track' wrote." };
        var events = new Option<string?>("--events", "-e") { Description = "Instead of a store: a CSV or JSON Lines events file (format: see the reference named in journey --help)." };
        var format = AnalyticsInput.FormatOption();
        var output = new Option<string>("--out", "-o") { Description = "The HTML file to write.", DefaultValueFactory = _ => DefaultOut };
        var culture = CultureOption();
        var asOf = new Option<DateTimeOffset?>("--as-of") { Description = "Apply inactivity rules up to this time (ISO 8601); the latest event's time by default." };
        var command = new Command("report", "Write a self-contained HTML report of the journeys: stage graph, funnel, time in stage, flows, attribution, touchpoint KPIs, per segment.")
        {
            definitionOption, store, events, format, output, culture, asOf,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var code = DefinitionSource.TryLoad(parse.GetValue(definitionOption)!, console, out var definition);
            if (code != JourneyCli.Ok)
            {
                return code;
            }

            if (!CheckCulture(parse.GetValue(culture)!, console) || !CheckOutput(parse.GetValue(output)!, console))
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
            var beyondTime = 0;
            if (eventsPath is not null)
            {
                code = AnalyticsInput.TryReadEvents(eventsPath, parse.GetValue(format), console, out var lines);
                if (code != JourneyCli.Ok)
                {
                    return code;
                }

                // as the analytics commands: events after AnalysisClock.Latest are rejected, not analysed
                var accepted = lines.Where(l => l.Event.OccurredAt <= AnalysisClock.Latest).Select(l => l.Event).ToList();
                beyondTime = lines.Count - accepted.Count;
                loaded = JourneySnapshot.FromEvents(accepted, engine, parse.GetValue(asOf) is { } at ? AnalysisClock.Clamp(at) : null);
            }
            else
            {
                code = StoreSpec.TryOpenStore(storeSpec!, console, out var opened, out _);
                if (code != JourneyCli.Ok)
                {
                    return code;
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

            if (loaded.RejectedEvents + beyondTime > 0)
            {
                console.Error.WriteLine($"warning: {loaded.RejectedEvents + beyondTime} events rejected (unknown touchpoints, invalid fields or times after {AnalysisClock.Latest:yyyy-MM-dd}).");
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
