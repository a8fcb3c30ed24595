using System.Globalization;
using System.Text.RegularExpressions;
using CustomerJourney.Cli;
using CustomerJourney.Engine;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tests.Tracking;
using CustomerJourney.Tracking;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Tests.Storage;

/// <summary><c>journey track</c> into a SQLite file: both layouts, re-runs, malformed lines.</summary>
public sealed partial class TrackCommandTests : IDisposable
{
    private const string CsvHeader = "event_id,customer_id,touchpoint,occurred_at,channel,value,segment";
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-track-").FullName;

    private string Database => Path.Combine(_directory, "journeys.db");

    private string Store => $"sqlite:{Database}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Track_CsvFile_StoresEveryEventAndCountsOutcomesAsTheTrackerDoes()
    {
        var events = SampleEvents();
        var file = Write("events.csv", [CsvHeader, .. events.Select(Csv)]);

        var (code, output, error) = Run("track", "--definition", "five-stage", "--store", Store, "--batch", "7", file);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Equal([$"{file}:64: warning: event 'e-bad' rejected: Touchpoint 'no-such-touchpoint' of event 'e-bad' is not part of journey 'five-stage'."], Lines(error));
        Assert.Equal(await ExpectedCounts(events), Counts(output));
        await AssertStoredJourneysAreTheFoldOf(events);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3")]
    public async Task Track_AnyCacheSize_StoresTheSameJourneys(string cache)
    {
        var events = SampleEvents();
        var file = Write("events.csv", [CsvHeader, .. events.Select(Csv)]);

        var (code, output, _) = Run("track", "--definition", "five-stage", "--store", Store, "--batch", "5", "--cache", cache, file);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Equal(await ExpectedCounts(events), Counts(output));
        await AssertStoredJourneysAreTheFoldOf(events);
    }

    [Fact]
    public void Track_CacheOutOfRange_Exits2NamingTheBound()
    {
        var file = Write("events.csv", [CsvHeader]);

        var (code, _, error) = Run("track", "-d", "five-stage", "-s", Store, "--cache", "2", file);

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Contains("--cache 2", error, StringComparison.Ordinal);
        Assert.Contains("between 3 and 100,000,000", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Database));
    }

    [Fact]
    public async Task Track_JsonLinesFile_StoresEventsWithTheirProperties()
    {
        var events = SampleEvents().Select((e, i) => i % 3 == 0 ? e with { Properties = new Dictionary<string, string> { ["utm"] = $"u{i}" } } : e).ToList();
        var file = Write("events.jsonl", events.Select(Json));

        var (code, output, error) = Run("track", "-d", "five-stage", "-s", Store, file);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Equal([$"{file}:63: warning: event 'e-bad' rejected: Touchpoint 'no-such-touchpoint' of event 'e-bad' is not part of journey 'five-stage'."], Lines(error));
        Assert.Equal(await ExpectedCounts(events), Counts(output));
        await using var store = new SqliteJourneyStore(Database);
        var stored = await store.LoadAsync(new JourneyKey("five-stage", events[0].CustomerId));
        Assert.Equal("u0", stored!.Events.Single(e => e.EventId == events[0].EventId).Properties!["utm"]);
        await AssertStoredJourneysAreTheFoldOf(events);
    }

    [Fact]
    public async Task Track_SameFileTwice_SecondRunFindsOnlyDuplicatesAndChangesNothing()
    {
        var events = SampleEvents();
        var file = Write("events.csv", [CsvHeader, .. events.Select(Csv)]);
        Run("track", "-d", "five-stage", "-s", Store, file);
        var before = await Snapshot();

        var (code, output, _) = Run("track", "-d", "five-stage", "-s", Store, "--batch", "5", file);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Equal(new Dictionary<string, long> { ["advanced"] = 0, ["stayed"] = 0, ["ignored"] = 0, ["rejected"] = 1, ["duplicate"] = events.Count - 1, ["malformed"] = 0 }, Counts(output));
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task Track_MalformedLineWithSkip_ReportsItsLineNumberAndStoresEveryOtherEvent()
    {
        var events = SampleEvents();
        var lines = new List<string> { CsvHeader };
        lines.AddRange(events.Take(10).Select(Csv));
        lines.Add("broken,line,without,a,valid,time,x");
        lines.AddRange(events.Skip(10).Select(Csv));
        var file = Write("events.csv", lines);

        var (code, output, error) = Run("track", "-d", "five-stage", "-s", Store, file);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Contains($"{file}:12: error: occurred_at 'a' is not an ISO 8601 date and time", error, StringComparison.Ordinal);
        Assert.Equal(1, Counts(output)["malformed"]);
        await AssertStoredJourneysAreTheFoldOf(events);
    }

    [Fact]
    public async Task Track_MalformedLineWithStop_Exits2HavingStoredOnlyTheLinesBefore()
    {
        var events = SampleEvents();
        var lines = events.Take(10).Select(Json).Append("{\"eventId\": \"x\", \"customerId\": ").Concat(events.Skip(10).Select(Json));
        var file = Write("events.jsonl", lines);

        var (code, output, error) = Run("track", "-d", "five-stage", "-s", Store, "--on-error", "stop", file);

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Contains($"{file}:11: error: malformed JSON", error, StringComparison.Ordinal);
        Assert.Contains("stopped at malformed line 11", output, StringComparison.Ordinal);
        await AssertStoredJourneysAreTheFoldOf(events.Take(10).ToList());
    }

    [Fact]
    public void Track_UnknownStoreKind_Exits2NamingTheAcceptedForms()
    {
        var file = Write("events.csv", [CsvHeader]);

        var (code, _, error) = Run("track", "-d", "five-stage", "-s", "mongo:somewhere", file);

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Contains("unknown store 'mongo:somewhere'; expected sqlite:PATH", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Track_CsvWithoutRequiredColumns_Exits2NamingThem()
    {
        var file = Write("events.csv", ["id,customer_id,touchpoint,when", "e1,c1,search-ad,2025-06-01T10:00:00Z"]);

        var (code, _, error) = Run("track", "-d", "five-stage", "-s", Store, file);

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.Contains($"{file}:1: error: header: the CSV header lacks event_id, occurred_at", error, StringComparison.Ordinal);
    }

    internal static List<TouchpointEvent> SampleEvents()
    {
        var t0 = new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);
        var touchpoints = JourneyTemplates.FiveStage.Touchpoints.Select(t => t.Id).ToArray();
        var random = new Random(5);
        return Enumerable.Range(0, 60)
            .Select(i => new TouchpointEvent($"e{i:D3}", $"c{random.Next(8)}", touchpoints[random.Next(touchpoints.Length)], t0.AddMinutes(random.Next(10_000)))
            {
                Channel = i % 4 == 0 ? "partner" : null,
                Value = i % 5 == 0 ? 12.50m + i : null,
                Segment = i % 7 == 0 ? "vip" : null,
            })
            .Append(new TouchpointEvent("e001", "c-dup", "search-ad", t0))
            .Append(new TouchpointEvent("e001", "c-dup", "search-ad", t0.AddHours(1))) // a duplicate inside the file
            .Append(new TouchpointEvent("e-bad", "c1", "no-such-touchpoint", t0)) // rejected
            .ToList();
    }

    internal static string Csv(TouchpointEvent e) => string.Join(
        ',',
        e.EventId,
        e.CustomerId,
        e.Touchpoint,
        e.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
        e.Channel ?? string.Empty,
        e.Value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        e.Segment ?? string.Empty);

    internal static string Json(TouchpointEvent e) => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["eventId"] = e.EventId,
        ["customerId"] = e.CustomerId,
        ["touchpoint"] = e.Touchpoint,
        ["occurredAt"] = e.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
        ["channel"] = e.Channel,
        ["value"] = e.Value,
        ["segment"] = e.Segment,
        ["properties"] = e.Properties,
    });

    internal static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = JourneyCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static List<string> Lines(string text) => text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).ToList();

    private static Dictionary<string, long> Counts(string output) =>
        CountLine().Matches(output).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));

    private static async Task<Dictionary<string, long>> ExpectedCounts(IReadOnlyList<TouchpointEvent> events)
    {
        var tracker = new StoreBackedJourneyTracker(JourneyEngine.Compile(JourneyTemplates.FiveStage), new InMemoryJourneyStore());
        var results = await tracker.TrackBatchAsync(events);
        var counts = Enum.GetValues<TrackOutcome>().ToDictionary(o => o.ToString().ToLowerInvariant(), o => (long)results.Count(r => r.Outcome == o));
        counts["malformed"] = 0;
        return counts;
    }

    private async Task AssertStoredJourneysAreTheFoldOf(IReadOnlyList<TouchpointEvent> events)
    {
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var valid = events.Where(e => engine.Definition.TryGetTouchpoint(e.Touchpoint, out _)).ToList();
        await using var store = new SqliteJourneyStore(Database);
        var stored = new Dictionary<string, StoredJourney>(StringComparer.Ordinal);
        await foreach (var journey in store.ReadAllAsync("five-stage"))
        {
            stored[journey.Key.CustomerId] = journey;
        }

        Assert.Equal(valid.Select(e => e.CustomerId).Distinct().Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        foreach (var (customer, journey) in stored)
        {
            var expected = valid.Where(e => e.CustomerId == customer).ToList();
            Assert.Equal(expected.Select(e => e.EventId).Distinct().Count(), journey.Version);
            Assert.Equal(
                TrackingFixtures.View(JourneyFolder.Fold(engine, customer, expected)),
                TrackingFixtures.View(JourneyFolder.Fold(engine, customer, journey.Events)));
        }
    }

    private async Task<string> Snapshot()
    {
        await using var store = new SqliteJourneyStore(Database);
        var text = new System.Text.StringBuilder();
        await foreach (var journey in store.ReadAllAsync("five-stage"))
        {
            text.Append(journey.Key.CustomerId).Append(' ').Append(journey.Version).Append(':').AppendJoin(',', journey.Events.Select(e => e.EventId)).AppendLine();
        }

        return text.ToString();
    }

    private string Write(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [GeneratedRegex(@"^(advanced|stayed|ignored|rejected|duplicate|malformed)\s+([\d,]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex CountLine();
}
