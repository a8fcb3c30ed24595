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

    public Option<string?> Events { get; } = new("--events", "-e") { Description = "The events file: JSON Lines, one touchpoint event per line (see docs/analytics-journeys.md)." };

    public Option<string?> Store { get; } = new("--store") { Description = $"Instead of --events: a recorded store ({StoreSpec.Usage}), e.g. one 'journey track' or 'journey demo' wrote." };

    public Option<string?> Segment { get; } = new("--segment", "-s") { Description = "Only journeys of this segment." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON instead of a table." };

    public void AddTo(Command command)
    {
        command.Options.Add(Definition);
        command.Options.Add(Events);
        command.Options.Add(Store);
        command.Options.Add(Segment);
        command.Options.Add(Json);
    }

    public int TryLoad(ParseResult parse, CliConsole console, out JourneyDefinition? definition, out IReadOnlyList<Journey> journeys, out JourneyFilter filter)
    {
        journeys = [];
        filter = new JourneyFilter(Segment: parse.GetValue(Segment));
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
            if (!StoreSpec.TryOpenStore(storeSpec, console, out var store, out _))
            {
                return JourneyCli.Unreadable;
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

        code = EventsReader.TryRead(path!, console, out var events);
        if (code != JourneyCli.Ok)
        {
            return code;
        }

        var lines = new Dictionary<TouchpointEvent, int>(ReferenceEqualityComparer.Instance);
        foreach (var (line, e) in events)
        {
            lines[e] = line;
        }

        journeys = JourneySnapshot.FromEvents(
            events.Select(l => l.Event),
            JourneyEngine.Compile(definition!),
            rejected: (e, reason) => console.Error.WriteLine($"{path}:{lines[e]}: warning: event '{e.EventId}' rejected: {reason}")).Journeys;
        return JourneyCli.Ok;
    }
}
