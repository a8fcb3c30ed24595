// Ingests a JSON Lines events file into a PostgreSQL journey store through a JourneyTracker on a built-in template.
// Usage: CustomerJourney.PostgreSql.Ingest CONNECTION_STRING SCHEMA EVENTS_FILE PROCESS_ID [BATCH_SIZE]
// BATCH_SIZE 1 (the default) tracks events one by one, four at a time; more tracks chunks with TrackBatchAsync (one
// AppendManyAsync transaction per chunk).
// Prints one line: "process=ID recorded=N duplicate=N rejected=N" (recorded = advanced + stayed + ignored).
using System.Text.Json;
using CustomerJourney;
using CustomerJourney.Engine;
using CustomerJourney.PostgreSql;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;

if (args.Length is < 4 or > 5)
{
    Console.Error.WriteLine("usage: CustomerJourney.PostgreSql.Ingest CONNECTION_STRING SCHEMA EVENTS_FILE PROCESS_ID [BATCH_SIZE]");
    return 2;
}

var (connectionString, schema, path, processId) = (args[0], args[1], args[2], args[3]);
var batchSize = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 1;
var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
var events = File.ReadLines(path)
    .Where(line => !string.IsNullOrWhiteSpace(line))
    .Select(line => JsonSerializer.Deserialize<TouchpointEvent>(line, json)!)
    .ToList();

await using var store = new PostgreSqlJourneyStore(connectionString, schema);
var tracker = new StoreBackedJourneyTracker(engine, store, new JourneyTrackerOptions { MaxConflictRetries = 1000 });
int recorded = 0, duplicate = 0, rejected = 0;
void Count(TouchpointEvent e, TrackResult result)
{
    if (result.IsRecorded)
    {
        Interlocked.Increment(ref recorded);
    }
    else if (result.Outcome == TrackOutcome.Duplicate)
    {
        Interlocked.Increment(ref duplicate);
    }
    else
    {
        Interlocked.Increment(ref rejected);
        Console.Error.WriteLine($"process {processId}: rejected {e.EventId}: {result.Reason}");
    }
}

if (batchSize <= 1)
{
    await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (e, cancellationToken) =>
        Count(e, await tracker.TrackAsync(e, cancellationToken)));
}
else
{
    foreach (var chunk in events.Chunk(batchSize))
    {
        var results = await tracker.TrackBatchAsync(chunk);
        for (var i = 0; i < chunk.Length; i++)
        {
            Count(chunk[i], results[i]);
        }
    }
}

Console.WriteLine($"process={processId} recorded={recorded} duplicate={duplicate} rejected={rejected}");
return 0;
