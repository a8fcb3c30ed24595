// Ingests a JSON Lines events file into a PostgreSQL journey store through a JourneyTracker on a built-in template.
// Usage: CustomerJourney.PostgreSql.Ingest CONNECTION_STRING SCHEMA EVENTS_FILE PROCESS_ID [TEMPLATE]
// Prints one line: "process=ID recorded=N duplicate=N rejected=N" (recorded = advanced + stayed + ignored).
using System.Text.Json;
using CustomerJourney.Engine;
using CustomerJourney.PostgreSql;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;

if (args.Length is < 4 or > 5)
{
    Console.Error.WriteLine("usage: CustomerJourney.PostgreSql.Ingest CONNECTION_STRING SCHEMA EVENTS_FILE PROCESS_ID [TEMPLATE]");
    return 2;
}

var (connectionString, schema, path, processId) = (args[0], args[1], args[2], args[3]);
var engine = JourneyEngine.Compile(JourneyTemplates.Get(args.Length > 4 ? args[4] : "five-stage"));
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
var events = File.ReadLines(path)
    .Where(line => !string.IsNullOrWhiteSpace(line))
    .Select(line => JsonSerializer.Deserialize<TouchpointEvent>(line, json)!)
    .ToList();

await using var store = new PostgreSqlJourneyStore(connectionString, schema);
var tracker = new JourneyTracker(engine, store, new JourneyTrackerOptions { MaxConflictRetries = 1000 });
int recorded = 0, duplicate = 0, rejected = 0;
await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (e, cancellationToken) =>
{
    var result = await tracker.TrackAsync(e, cancellationToken);
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
});

Console.WriteLine($"process={processId} recorded={recorded} duplicate={duplicate} rejected={rejected}");
return 0;
