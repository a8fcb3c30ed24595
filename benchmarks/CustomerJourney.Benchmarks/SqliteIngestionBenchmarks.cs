using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using CustomerJourney.Engine;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Benchmarks;

/// <summary>
/// Durable ingestion into a SQLite file (WAL, <c>synchronous=FULL</c>): one batch per operation, committed in one
/// transaction; the Events/s column is the batch size divided by the mean time per batch.
/// Each batch appends 10 events to each of batch/10 new customers (one event to one customer for a batch of 1), the way
/// <c>journey track</c> ingests a file; the database grows across iterations as it would in production.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(EventsPerSecondConfig))]
public class SqliteIngestionBenchmarks
{
    private const int EventsPerJourney = 10;
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Touchpoints = ["search-ad", "social-post", "comparison-site", "web-shop-checkout", "newsletter"];
    private string directory = string.Empty;
    private SqliteJourneyStore store = null!;
    private StoreBackedJourneyTracker tracker = null!;
    private int next;
    private List<JourneyAppend> appends = [];
    private List<TouchpointEvent> events = [];

    /// <summary>Events per batch (per transaction).</summary>
    [Params(1, 100, 10_000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        directory = Directory.CreateTempSubdirectory("cj-sqlite-bench-").FullName;
        store = new SqliteJourneyStore(new SqliteJourneyStoreOptions { Path = Path.Combine(directory, "journeys.db"), Synchronous = SqliteSynchronousMode.Full });
        tracker = new StoreBackedJourneyTracker(JourneyEngine.Compile(JourneyTemplates.FiveStage), store);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [IterationSetup(Target = nameof(StoreAppendMany))]
    public void NextAppends() => appends = Batch().GroupBy(e => e.CustomerId).Select(g => new JourneyAppend { Key = new JourneyKey("five-stage", g.Key), ExpectedVersion = 0, Events = g.ToList() }).ToList();

    [IterationSetup(Target = nameof(TrackerBatch))]
    public void NextEvents() => events = Batch();

    /// <summary>One batch through <see cref="IJourneyStore.AppendManyAsync"/>: one durable transaction.</summary>
    [Benchmark]
    public async Task<int> StoreAppendMany()
    {
        var results = await store.AppendManyAsync(appends);
        return results.Count;
    }

    /// <summary>One batch through <see cref="StoreBackedJourneyTracker.TrackBatchAsync"/> (validation, folding, one AppendManyAsync).</summary>
    [Benchmark]
    public async Task<int> TrackerBatch()
    {
        var results = await tracker.TrackBatchAsync(events);
        return results.Count;
    }

    private List<TouchpointEvent> Batch()
    {
        var batch = new List<TouchpointEvent>(BatchSize);
        var perJourney = Math.Min(EventsPerJourney, BatchSize);
        for (var i = 0; i < BatchSize; i += perJourney)
        {
            var customer = $"customer-{next++:D9}";
            for (var k = 0; k < perJourney && i + k < BatchSize; k++)
            {
                batch.Add(new TouchpointEvent($"evt-{k:D2}", customer, Touchpoints[k % Touchpoints.Length], T0.AddMinutes(k)) { Value = k == 3 ? 49.90m : null, Segment = "retail" });
            }
        }

        return batch;
    }
}

/// <summary>Adds an Events/s column: the <c>BatchSize</c> parameter divided by the mean time of one batch.</summary>
public sealed class EventsPerSecondConfig : ManualConfig
{
    public EventsPerSecondConfig() => AddColumn(new EventsPerSecondColumn());

    private sealed class EventsPerSecondColumn : IColumn
    {
        public string Id => "EventsPerSecond";

        public string ColumnName => "Events/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Events ingested per second (batch size / mean time per batch)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            var batch = benchmarkCase.Parameters["BatchSize"];
            return mean is > 0 && batch is int size ? (size / (mean.Value / 1e9)).ToString("N0", CultureInfo.InvariantCulture) : "-";
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
