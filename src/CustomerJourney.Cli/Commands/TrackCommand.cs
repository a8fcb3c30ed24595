using System.CommandLine;
using System.Globalization;
using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;

namespace CustomerJourney.Cli.Commands;

/// <summary>
/// <c>journey track --definition D --store sqlite:PATH|postgres:CONNSTRING [--format csv|jsonl] [--batch N] [--on-error skip|stop] [--checkpoints] EVENTS</c>:
/// streams an events file into a durable store through a <see cref="JourneyTracker"/>, one store batch per
/// <c>--batch</c> events, and prints the count of each outcome. Re-running on the same file changes nothing (every event
/// is then a duplicate). Exit codes: 0 done; 2 unreadable input or store, or a malformed line under <c>--on-error stop</c>.
/// </summary>
internal static class TrackCommand
{
    private const long ProgressMinBytes = 1 << 20;

    public static Command Create(CliConsole console)
    {
        var definition = new Option<string>("--definition", "-d") { Description = "The definition's JSON file, or a built-in template name.", Required = true };
        var store = new Option<string>("--store", "-s") { Description = $"Where journeys are stored: {StoreSpec.Usage}.", Required = true };
        var format = new Option<string?>("--format", "-f") { Description = "The events file's layout: csv or jsonl (default: from the extension, .csv or .jsonl/.ndjson)." };
        var batch = new Option<int>("--batch", "-b") { Description = "Events per store transaction (1 to 100000).", DefaultValueFactory = _ => 1000 };
        var onError = new Option<string>("--on-error") { Description = "On a malformed line: skip it (reported with its line number) or stop (exit 2).", DefaultValueFactory = _ => "skip" };
        onError.AcceptOnlyFromAmong("skip", "stop");
        var checkpoints = new Option<bool>("--checkpoints") { Description = "Print 'acked LINE EVENTS' to standard output after each committed batch (LINE: the last line read; EVENTS: events handed to the store so far)." };
        var events = new Argument<string>("events") { Description = "The events file (CSV or JSON Lines; see docs/storage.md)." };
        var command = new Command("track", "Track an events file into a durable store; safe to re-run (duplicates change nothing).")
        {
            definition, store, format, batch, onError, checkpoints, events,
        };
        command.SetAction(parse => RunAsync(
            console,
            parse.GetValue(definition)!,
            parse.GetValue(store)!,
            parse.GetValue(format),
            parse.GetValue(batch),
            parse.GetValue(onError) == "stop",
            parse.GetValue(checkpoints),
            parse.GetValue(events)!).GetAwaiter().GetResult());
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string definitionPath, string storeSpec, string? format, int batchSize, bool stopOnError, bool checkpoints, string path)
    {
        if (batchSize is < 1 or > 100_000)
        {
            console.Error.WriteLine($"error: --batch {batchSize} must lie between 1 and 100000.");
            return JourneyCli.Unreadable;
        }

        var layout = EventFile.FormatOf(path, format);
        if (layout is null)
        {
            console.Error.WriteLine(format is null
                ? $"error: cannot tell the layout of '{path}' from its extension; pass --format csv or --format jsonl."
                : $"error: unknown --format '{format}'; expected csv or jsonl.");
            return JourneyCli.Unreadable;
        }

        var code = DefinitionSource.TryLoad(definitionPath, console, out var definition);
        if (code != JourneyCli.Ok)
        {
            return code;
        }

        JourneyEngine engine;
        try
        {
            engine = JourneyEngine.Compile(definition!);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or Definitions.JourneyDefinitionException)
        {
            console.Error.WriteLine($"error: cannot compile '{definitionPath}': {ex.Message}");
            return JourneyCli.Invalid;
        }

        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot read '{path}': {ex.Message}");
            return JourneyCli.Unreadable;
        }

        code = StoreSpec.TryOpen(storeSpec, console, out var journeyStore);
        if (code != JourneyCli.Ok)
        {
            await file.DisposeAsync().ConfigureAwait(false);
            return code;
        }

        try
        {
            using var reader = new StreamReader(file);
            var tracker = new StoreBackedJourneyTracker(engine, journeyStore!);
            return await IngestAsync(console, tracker, reader, file, layout, batchSize, stopOnError, checkpoints, path, storeSpec).ConfigureAwait(false);
        }
        finally
        {
            await journeyStore!.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<int> IngestAsync(CliConsole console, StoreBackedJourneyTracker tracker, StreamReader reader, FileStream file, string layout, int batchSize, bool stopOnError, bool checkpoints, string path, string storeSpec)
    {
        var c = CultureInfo.InvariantCulture;
        var counts = new long[5];
        long malformed = 0, read = 0, rejectedShown = 0;
        var batch = new List<TouchpointEvent>(batchSize);
        var lines = new List<int>(batchSize);
        var length = file.Length;
        var nextPercent = 10;
        var lastLine = 0;
        var time = TimeProvider.System; // the CLI is the composition root: it picks the clock
        var started = time.GetTimestamp();

        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            var results = await tracker.TrackBatchAsync(batch).ConfigureAwait(false);
            for (var i = 0; i < results.Count; i++)
            {
                counts[(int)results[i].Outcome]++;
                if (results[i].Outcome == TrackOutcome.Rejected && rejectedShown++ < 20)
                {
                    console.Error.WriteLine($"{path}:{lines[i]}: warning: event '{results[i].EventId}' rejected: {results[i].Reason}");
                }
            }

            read += batch.Count;
            batch.Clear();
            lines.Clear();
            if (checkpoints)
            {
                console.Out.WriteLine(string.Create(c, $"acked {lastLine} {read}"));
                console.Out.Flush();
            }

            if (length >= ProgressMinBytes)
            {
                var percent = (int)(100 * file.Position / Math.Max(1, length));
                if (percent >= nextPercent)
                {
                    console.Error.WriteLine(string.Create(c, $"progress: {read:N0} events, {percent}% of {path}, {read / Math.Max(time.GetElapsedTime(started).TotalSeconds, 1e-3):N0} events/s"));
                    nextPercent = (percent / 10 * 10) + 10;
                }
            }
        }

        var stopped = false;
        var stoppedAt = 0;
        foreach (var line in EventFile.Read(reader, layout))
        {
            lastLine = line.Line;
            if (line.Event is null)
            {
                console.Error.WriteLine($"{path}:{line.Line}: error: {line.Problem}");
                if (EventFile.IsHeaderProblem(line.Problem!))
                {
                    return JourneyCli.Unreadable;
                }

                malformed++;
                if (stopOnError)
                {
                    stopped = true;
                    stoppedAt = line.Line;
                    break;
                }

                continue;
            }

            batch.Add(line.Event);
            lines.Add(line.Line);
            if (batch.Count == batchSize)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }

        await FlushAsync().ConfigureAwait(false); // the events before a malformed line are tracked even when stopping there

        if (rejectedShown > 20)
        {
            console.Error.WriteLine(string.Create(c, $"{path}: warning: {rejectedShown - 20} more rejected events not shown."));
        }

        var o = console.Out;
        o.WriteLine(string.Create(c, $"{(stopped ? $"stopped at malformed line {stoppedAt} after" : "tracked")} {read:N0} events from {path} into {StoreSpec.Redact(storeSpec)} in {time.GetElapsedTime(started).TotalSeconds:F1} s"));
        o.WriteLine(string.Create(c, $"advanced   {counts[(int)TrackOutcome.Advanced],12:N0}"));
        o.WriteLine(string.Create(c, $"stayed     {counts[(int)TrackOutcome.Stayed],12:N0}"));
        o.WriteLine(string.Create(c, $"ignored    {counts[(int)TrackOutcome.Ignored],12:N0}"));
        o.WriteLine(string.Create(c, $"rejected   {counts[(int)TrackOutcome.Rejected],12:N0}"));
        o.WriteLine(string.Create(c, $"duplicate  {counts[(int)TrackOutcome.Duplicate],12:N0}"));
        o.WriteLine(string.Create(c, $"malformed  {malformed,12:N0}"));
        return stopped ? JourneyCli.Unreadable : JourneyCli.Ok;
    }
}
