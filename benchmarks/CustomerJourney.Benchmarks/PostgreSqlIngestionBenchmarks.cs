using BenchmarkDotNet.Attributes;
using CustomerJourney.PostgreSql;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;
using Npgsql;

namespace CustomerJourney.Benchmarks;

/// <summary>
/// Durable ingestion into PostgreSQL through <see cref="PostgreSqlJourneyStore.AppendManyAsync"/>: one committed
/// transaction per batch (the server's default <c>synchronous_commit = on</c>, so each commit waits for its WAL flush).
/// A batch holds 10 events per journey (one journey for a batch of 1) over a pool of journeys that fills up as the run
/// goes, so most batches append to journeys that already hold events (their ids are checked for duplicates).
/// Time is per batch: events/s = batch size / mean.
/// </summary>
/// <remarks>
/// Needs a server: <c>CJ_BENCH_POSTGRES</c> (or <c>CJ_TEST_POSTGRES</c>) holds the connection string. Each run uses a
/// fresh schema, dropped at the end.
/// </remarks>
[MemoryDiagnoser]
public class PostgreSqlIngestionBenchmarks
{
    private const int EventsPerJourney = 10;
    private const int Journeys = 20_000;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly long[] _versions = new long[Journeys];
    private PostgreSqlJourneyStore _store = null!;
    private string _connectionString = null!;
    private string _schema = null!;
    private int _nextJourney;
    private long _nextEvent;

    /// <summary>Events per committed batch.</summary>
    [Params(1, 100, 10_000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _connectionString = Environment.GetEnvironmentVariable("CJ_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("CJ_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set CJ_BENCH_POSTGRES (or CJ_TEST_POSTGRES) to a PostgreSQL connection string.");
        _schema = "cj_bench_" + Guid.NewGuid().ToString("N")[..12];
        _store = new PostgreSqlJourneyStore(_connectionString, _schema);
        await _store.MigrateAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Appends and commits one batch of <see cref="BatchSize"/> events.</summary>
    [Benchmark]
    public Task AppendMany() => AppendBatchAsync();

    private async Task AppendBatchAsync()
    {
        var perJourney = Math.Min(EventsPerJourney, BatchSize);
        var appends = new List<JourneyAppend>(BatchSize / perJourney);
        for (var written = 0; written < BatchSize; written += perJourney)
        {
            var journey = _nextJourney++ % Journeys;
            var customer = $"customer-{journey}";
            var events = new TouchpointEvent[perJourney];
            for (var i = 0; i < perJourney; i++)
            {
                var n = _nextEvent++;
                events[i] = new TouchpointEvent($"evt-{n}", customer, "search-ad", T0.AddSeconds(n))
                {
                    Value = n % 4 == 0 ? 19.99m : null,
                    Segment = "vip",
                    Properties = n % 8 == 0 ? new Dictionary<string, string> { ["utm"] = "spring" } : null,
                };
            }

            appends.Add(new JourneyAppend { Key = new JourneyKey("shop", customer), ExpectedVersion = _versions[journey], Events = events });
        }

        var results = await _store.AppendManyAsync(appends);
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Status != AppendStatus.Appended)
            {
                throw new InvalidOperationException($"Unexpected {results[i].Status} for {appends[i].Key}.");
            }

            var journey = int.Parse(appends[i].Key.CustomerId.AsSpan("customer-".Length), System.Globalization.CultureInfo.InvariantCulture);
            _versions[journey] = results[i].Version;
        }
    }
}
