using System.Collections.Concurrent;
using System.CommandLine;
using System.Globalization;
using System.Threading.Channels;
using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;

namespace CustomerJourney.Cli.Commands;

/// <summary>
/// <c>journey track --definition D --store sqlite:PATH|postgres:CONNSTRING [--format csv|jsonl] [--batch N] [--on-error skip|stop] [--checkpoints] EVENTS</c>:
/// streams an events file into a durable store through a <see cref="StoreBackedJourneyTracker"/>, one store batch per
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
        var batch = new Option<int>("--batch", "-b") { Description = "Events per store transaction (1 to 1000000). Larger batches write less to disk (each commit rewrites the index pages its customers touch) and hold more in memory.", DefaultValueFactory = _ => 500_000 };
        var cache = new Option<int>("--cache") { Description = "Journeys kept in memory between batches (0 for none); size it to the customers of the file for the fastest run.", DefaultValueFactory = _ => new JourneyTrackerOptions().CacheCapacity };
        var onError = new Option<string>("--on-error") { Description = "On a malformed line: skip it (reported with its line number) or stop (exit 2).", DefaultValueFactory = _ => "skip" };
        onError.AcceptOnlyFromAmong("skip", "stop");
        var checkpoints = new Option<bool>("--checkpoints") { Description = "Print 'acked LINE EVENTS' to standard output after each committed batch (LINE: the last line read; EVENTS: events handed to the store so far)." };
        var events = new Argument<string>("events") { Description = "The events file (CSV or JSON Lines; format: see the reference named in journey --help)." };
        var command = new Command("track", "Track an events file into a durable store; safe to re-run (duplicates change nothing).")
        {
            definition, store, format, batch, cache, onError, checkpoints, events,
        };
        command.SetAction(parse => RunAsync(
            console,
            parse.GetValue(definition)!,
            parse.GetValue(store)!,
            parse.GetValue(format),
            parse.GetValue(batch),
            parse.GetValue(cache),
            parse.GetValue(onError) == "stop",
            parse.GetValue(checkpoints),
            parse.GetValue(events)!).GetAwaiter().GetResult());
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string definitionPath, string storeSpec, string? format, int batchSize, int cacheCapacity, bool stopOnError, bool checkpoints, string path)
    {
        var cacheProblems = new JourneyTrackerOptions { CacheCapacity = cacheCapacity }.Validate();
        if (cacheProblems.Count > 0)
        {
            console.Error.WriteLine($"error: --cache {cacheCapacity}: {string.Join(" ", cacheProblems)}");
            return JourneyCli.Unreadable;
        }

        if (batchSize is < 1 or > 1_000_000)
        {
            console.Error.WriteLine($"error: --batch {batchSize} must lie between 1 and 1000000.");
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
            await using var input = file;
            var tracker = new StoreBackedJourneyTracker(engine, journeyStore!, new JourneyTrackerOptions { CacheCapacity = cacheCapacity });
            return await IngestAsync(console, tracker, file, layout, batchSize, stopOnError, checkpoints, path, storeSpec).ConfigureAwait(false);
        }
        finally
        {
            await journeyStore!.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Parsing runs on its own thread, one batch ahead of tracking and committing: while the store commits batch n, batch
    /// n + 1 is being parsed (at most two parsed batches wait, which bounds memory).
    /// </summary>
    private static async Task<int> IngestAsync(CliConsole console, StoreBackedJourneyTracker tracker, FileStream file, string layout, int batchSize, bool stopOnError, bool checkpoints, string path, string storeSpec)
    {
        var c = CultureInfo.InvariantCulture;
        var counts = new long[5];
        long malformed = 0, read = 0, rejectedShown = 0;
        var length = file.CanSeek ? file.Length : 0;
        var nextPercent = 10;
        var time = TimeProvider.System; // the CLI is the composition root: it picks the clock
        var started = time.GetTimestamp();
        var channel = Channel.CreateBounded<Segment>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var spares = new ConcurrentBag<Segment>(); // tracked segments go back to the parser: their big lists are allocated once
        using var stop = new CancellationTokenSource();
        var producer = Task.Factory.StartNew(
            () => Produce(file, layout, batchSize, stopOnError, channel.Writer, spares, stop.Token),
            stop.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var stopped = false;
        var stoppedAt = 0;
        try
        {
            await foreach (var segment in channel.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                foreach (var problem in segment.Problems)
                {
                    console.Error.WriteLine($"{path}:{problem.Line}: error: {problem.Problem}");
                    if (EventFile.IsHeaderProblem(problem.Problem!))
                    {
                        await stop.CancelAsync().ConfigureAwait(false);
                        return JourneyCli.Unreadable;
                    }

                    malformed++;
                    if (stopOnError && !stopped)
                    {
                        stopped = true;
                        stoppedAt = problem.Line;
                    }
                }

                if (segment.Events.Count > 0)
                {
                    var results = await tracker.TrackBatchAsync(segment.Events).ConfigureAwait(false);
                    for (var i = 0; i < results.Count; i++)
                    {
                        counts[(int)results[i].Outcome]++;
                        if (results[i].Outcome == TrackOutcome.Rejected && rejectedShown++ < 20)
                        {
                            console.Error.WriteLine($"{path}:{segment.Lines[i]}: warning: event '{EventFile.Shorten(results[i].EventId)}' rejected: {results[i].Reason}");
                        }
                    }

                    read += segment.Events.Count;
                    if (checkpoints)
                    {
                        console.Out.WriteLine(string.Create(c, $"acked {segment.LastLine} {read}"));
                        console.Out.Flush();
                    }
                }

                if (stopped)
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    break;
                }

                var progressBytes = segment.BytesRead;
                segment.Clear();
                spares.Add(segment);

                if (length >= ProgressMinBytes)
                {
                    var percent = (int)(100 * progressBytes / Math.Max(1, length));
                    if (percent >= nextPercent)
                    {
                        console.Error.WriteLine(string.Create(c, $"progress: {read:N0} events, {percent}% of {path}, {read / Math.Max(time.GetElapsedTime(started).TotalSeconds, 1e-3):N0} events/s"));
                        nextPercent = (percent / 10 * 10) + 10;
                    }
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

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

    /// <summary>Parses the file into segments of up to <paramref name="batchSize"/> events (with the problems met on the way, in order).</summary>
    private static void Produce(FileStream file, string layout, int batchSize, bool stopOnError, ChannelWriter<Segment> writer, ConcurrentBag<Segment> spares, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var segment = new Segment(batchSize);
            foreach (var line in EventFile.Read(file, layout))
            {
                cancellationToken.ThrowIfCancellationRequested();
                segment.LastLine = line.Line;
                if (line.Event is null)
                {
                    segment.Problems.Add(line);
                    if (!stopOnError && !EventFile.IsHeaderProblem(line.Problem!))
                    {
                        continue;
                    }

                    // under --on-error stop (or a fatal problem) the problem ends its segment: the events before it are tracked, none after
                    segment.BytesRead = file.CanSeek ? file.Position : 0;
                    Send(writer, segment, cancellationToken);
                    segment = spares.TryTake(out var spare) ? spare : new Segment(batchSize);
                    continue;
                }

                segment.Events.Add(line.Event);
                segment.Lines.Add(line.Line);
                if (segment.Events.Count == batchSize)
                {
                    segment.BytesRead = file.CanSeek ? file.Position : 0;
                    Send(writer, segment, cancellationToken);
                    segment = spares.TryTake(out var reused) ? reused : new Segment(batchSize);
                }
            }

            if (segment.Events.Count > 0 || segment.Problems.Count > 0)
            {
                segment.BytesRead = file.CanSeek ? file.Position : 0;
                Send(writer, segment, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failure = ex;
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }

    private static void Send(ChannelWriter<Segment> writer, Segment segment, CancellationToken cancellationToken)
    {
        while (!writer.TryWrite(segment))
        {
            if (!writer.WaitToWriteAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                return;
            }
        }
    }

    /// <summary>A run of parsed lines: the events of one store batch, preceded by the problems met before the batch filled.</summary>
    private sealed class Segment(int capacity)
    {
        public List<TouchpointEvent> Events { get; } = new(capacity);

        public List<int> Lines { get; } = new(capacity);

        public List<EventLine> Problems { get; } = [];

        public int LastLine { get; set; }

        public long BytesRead { get; set; }

        /// <summary>Empties the segment for reuse (keeping its lists' capacity), so that it holds no event alive.</summary>
        public void Clear()
        {
            Events.Clear();
            Lines.Clear();
            Problems.Clear();
            LastLine = 0;
            BytesRead = 0;
        }
    }
}
