using System.CommandLine;
using CustomerJourney.Analytics;
using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Tracking;

namespace CustomerJourney.Cli.Commands;

/// <summary>
/// The options the analytics commands share (<c>--definition</c>, <c>--events</c> or <c>--store</c>, <c>--segment</c>,
/// <c>--json</c>) and loading: the journeys of the file's events or of the store, as of the latest event's time
/// (<see cref="JourneySnapshot"/>: inactivity rules are applied up to then).
/// </summary>
internal sealed class AnalyticsInput
{
    public Option<string> Definition { get; } = new("--definition", "-d") { Description = "The definition's JSON file, or a built-in template name.", Required = true };

    public Option<string?> Events { get; } = new("--events", "-e") { Description = "The events file: CSV or JSON Lines, as 'journey track' reads (format: see the reference named in journey --help)." };

    public Option<string?> Format { get; } = FormatOption();

    public Option<string?> Store { get; } = new("--store", "-s") { Description = $"Instead of --events: a recorded store ({StoreSpec.Usage}), e.g. one 'journey track' or 'journey demo' wrote." };

    public Option<string?> Segment { get; } = new("--segment") { Description = "Only journeys of this segment." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON instead of a table." };

    public void AddTo(Command command)
    {
        command.Options.Add(Definition);
        command.Options.Add(Events);
        command.Options.Add(Format);
        command.Options.Add(Store);
        command.Options.Add(Segment);
        command.Options.Add(Json);
    }

    public int TryLoad(ParseResult parse, CliConsole console, out JourneyDefinition? definition, out IReadOnlyList<Journey> journeys, out JourneyFilter filter)
    {
        journeys = [];
        filter = new JourneyFilter { Segment = parse.GetValue(Segment) };
        var code = DefinitionSource.TryLoad(parse.GetValue(Definition)!, console, out definition);
        if (code != JourneyCli.Ok)
        {
            return code;
        }

        var storeSpec = parse.GetValue(Store);
        var path = parse.GetValue(Events);
        if ((storeSpec is null) == (path is null))
        {
            console.Error.WriteLine("error: give exactly one of --events and --store.");
            return JourneyCli.Unreadable;
        }

        if (storeSpec is not null)
        {
            code = StoreSpec.TryOpenStore(storeSpec, console, out var store, out _);
            if (code != JourneyCli.Ok)
            {
                return code;
            }

            try
            {
                journeys = JourneySnapshot.ReadAsync(store!, JourneyEngine.Compile(definition!)).GetAwaiter().GetResult().Journeys;
                return JourneyCli.Ok;
            }
            finally
            {
                store!.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        code = TryReadEvents(path!, parse.GetValue(Format), console, out var events);
        if (code != JourneyCli.Ok)
        {
            return code;
        }

        var lines = new Dictionary<TouchpointEvent, int>(ReferenceEqualityComparer.Instance);
        foreach (var (line, e) in events)
        {
            lines[e] = line;
        }

        // "now" is the latest event's time, held to AnalysisClock.Latest: events after it are rejected with a warning
        var asOf = AnalysisClock.Clamp(events.Count == 0 ? DateTimeOffset.UnixEpoch : events.Max(e => e.Event.OccurredAt));
        journeys = JourneySnapshot.FromEvents(
            events.Where(l => l.Event.OccurredAt <= asOf || Warn(l)).Select(l => l.Event),
            JourneyEngine.Compile(definition!),
            asOf,
            rejected: (e, reason) => console.Error.WriteLine($"{path}:{lines[e]}: warning: event '{e.EventId}' rejected: {reason}")).Journeys;
        return JourneyCli.Ok;

        bool Warn((int Line, TouchpointEvent Event) l)
        {
            console.Error.WriteLine($"{path}:{l.Line}: warning: event '{l.Event.EventId}' rejected: it occurred at {l.Event.OccurredAt:O}, after {AnalysisClock.Latest:O}, the latest time the analytics accept.");
            return false;
        }
    }

    /// <summary>The <c>--format</c> of an events file, as <c>journey track</c> has it.</summary>
    public static Option<string?> FormatOption() =>
        new("--format", "-f") { Description = "The events file's layout: csv or jsonl (default: from the extension, .csv or .jsonl/.ndjson)." };

    /// <summary>
    /// Reads every event of a CSV or JSON Lines file (the layouts <c>journey track</c> reads); on the first malformed line
    /// prints "FILE:LINE: error: ..." and returns 2.
    /// </summary>
    public static int TryReadEvents(string path, string? format, CliConsole console, out List<(int Line, TouchpointEvent Event)> events)
    {
        events = [];
        var layout = EventFile.FormatOf(path, format) ?? (format is null ? EventFile.JsonLines : null);
        if (layout is null)
        {
            console.Error.WriteLine($"error: unknown --format '{format}'; expected csv or jsonl.");
            return JourneyCli.Unreadable;
        }

        FileStream reader;
        try
        {
            reader = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot read '{path}': {ex.Message}");
            return JourneyCli.Unreadable;
        }

        using (reader)
        {
            foreach (var line in EventFile.Read(reader, layout))
            {
                if (line.Event is null)
                {
                    console.Error.WriteLine($"{path}:{line.Line}: error: {line.Problem}");
                    events = [];
                    return JourneyCli.Unreadable;
                }

                events.Add((line.Line, line.Event));
            }
        }

        return JourneyCli.Ok;
    }
}
