using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CustomerJourney.Engine;
using CustomerJourney.PostgreSql;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;

namespace CustomerJourney.Tests.Storage;

/// <summary>
/// Several processes (the <c>CustomerJourney.PostgreSql.Ingest</c> driver) ingest overlapping event files into one
/// PostgreSQL schema at once; the result must equal one sequential ingestion: no event lost, none doubled.
/// </summary>
public sealed class PostgreSqlMultiProcessIngestionTests : IAsyncDisposable
{
    private const int Processes = 3;
    private readonly string _schema = PostgreSqlTestServer.NewSchema();
    private readonly List<string> _files = [];
    private string? _connectionString;

    public async ValueTask DisposeAsync()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }

        if (_connectionString is not null)
        {
            await PostgreSqlTestServer.DropSchemaAsync(_connectionString, _schema);
        }
    }

    [Fact]
    public async Task Ingest_ThreeProcessesOnOverlappingFiles_EqualsOneSequentialIngestion()
    {
        _connectionString = PostgreSqlTestServer.ConnectionString();
        var cancellationToken = TestContext.Current.CancellationToken;
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var events = Generate(engine, customers: 150);
        var files = Enumerable.Range(0, Processes).Select(p => WriteFile(p, events)).ToList();

        // every process at once, on files that each hold two thirds of the events (and a few repeats); process 0 tracks
        // events one by one, the others in batches (one AppendManyAsync transaction per batch)
        var runs = await Task.WhenAll(files.Select((file, p) => RunDriverAsync(file, p, batchSize: p == 0 ? 1 : 40 * p, cancellationToken)));

        // the reference: one tracker in memory, fed every file in turn
        var reference = new JourneyTracker(engine);
        foreach (var file in files)
        {
            await reference.TrackBatchAsync(ReadFile(file), cancellationToken);
        }

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, $"process {run.Process} exited with {run.ExitCode}: {run.Error}"));
        Assert.All(runs, run => Assert.Equal(0, run.Rejected));
        Assert.Equal(events.Count, runs.Sum(r => r.Recorded)); // each distinct event recorded by exactly one process
        Assert.Equal(files.Sum(f => ReadFile(f).Count), runs.Sum(r => r.Recorded + r.Duplicate));

        await using var store = new PostgreSqlJourneyStore(_connectionString, _schema);
        var stored = new Dictionary<string, StoredJourney>(StringComparer.Ordinal);
        await foreach (var journey in store.ReadAllAsync(engine.Definition.Name, cancellationToken))
        {
            stored.Add(journey.Key.CustomerId, journey);
        }

        var expected = reference.GetJourneys().ToDictionary(j => j.CustomerId, StringComparer.Ordinal);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(events.Count, stored.Values.Sum(j => j.Events.Count));
        foreach (var (customer, journey) in stored)
        {
            Assert.Equal(journey.Events.Count, journey.Events.Select(e => e.EventId).Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(journey.Events.Count, journey.Version);
            Assert.Equal(Describe(expected[customer]), Describe(JourneyFolder.Fold(engine, customer, journey.Events)));
        }
    }

    private static List<TouchpointEvent> Generate(JourneyEngine engine, int customers)
    {
        var random = new Random(20261127);
        var touchpoints = engine.Definition.Touchpoints.Select(t => t.Id).ToList();
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Date.AddDays(-60), TimeSpan.Zero);
        var events = new List<TouchpointEvent>();
        for (var c = 0; c < customers; c++)
        {
            var count = 3 + random.Next(10);
            for (var i = 0; i < count; i++)
            {
                events.Add(new TouchpointEvent($"c{c}-e{i}", $"c{c}", touchpoints[random.Next(touchpoints.Count)], start.AddMinutes(random.Next(60 * 24 * 30)))
                {
                    Value = random.Next(4) == 0 ? Math.Round((decimal)random.NextDouble() * 200, 2) : null,
                    Segment = c % 3 == 0 ? "vip" : null,
                });
            }
        }

        return events;
    }

    private string WriteFile(int process, List<TouchpointEvent> events)
    {
        var random = new Random(process);
        var mine = events.Where((_, i) => i % Processes != process).ToList();
        mine.AddRange(mine.Where(_ => random.Next(20) == 0).ToList()); // repeats within the file
        var path = Path.Combine(Path.GetTempPath(), $"cj-ingest-{_schema}-{process}.jsonl");
        _files.Add(path);
        File.WriteAllLines(path, mine.OrderBy(_ => random.Next()).Select(e => JsonSerializer.Serialize(e, JsonSerializerOptions.Web)));
        return path;
    }

    private static List<TouchpointEvent> ReadFile(string path) =>
        File.ReadLines(path).Select(line => JsonSerializer.Deserialize<TouchpointEvent>(line, JsonSerializerOptions.Web)!).ToList();

    private async Task<DriverRun> RunDriverAsync(string file, int process, int batchSize, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { DriverPath(), _connectionString!, _schema, file, process.ToString(CultureInfo.InvariantCulture), batchSize.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var driver = Process.Start(start)!;
        var output = driver.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = driver.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await driver.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            driver.Kill(entireProcessTree: true);
            throw;
        }

        var counts = (await output).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('='))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        int Count(string name) => counts.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : -1;
        return new DriverRun(process, driver.ExitCode, Count("recorded"), Count("duplicate"), Count("rejected"), await error);
    }

    /// <summary>The driver's build output, beside this test assembly's (same configuration).</summary>
    private static string DriverPath()
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        for (var root = output; root is not null; root = root.Parent)
        {
            if (File.Exists(Path.Combine(root.FullName, "CustomerJourney.sln")))
            {
                var path = Path.Combine(root.FullName, "tests", "CustomerJourney.PostgreSql.Ingest", "bin", configuration, framework, "CustomerJourney.PostgreSql.Ingest.dll");
                Assert.True(File.Exists(path), $"The ingestion driver is not built: {path}. Build the solution first.");
                return path;
            }
        }

        throw new DirectoryNotFoundException($"Cannot find the repository above '{AppContext.BaseDirectory}'.");
    }

    private static string Describe(Journey journey) =>
        string.Join(
            Environment.NewLine,
            [
                $"{journey.CustomerId} stage={journey.Stage} version={journey.Version} conversions={journey.Conversions} value={journey.TotalValue} converted={journey.ConvertedAt:O}",
                .. journey.Visits.Select(v => $"visit {v.Stage} {v.EnteredAt:O}..{v.LeftAt:O} {v.Cause} {v.Touchpoint} {v.Channel}"),
                .. journey.Touches.Select(t => $"touch {t.EventId} {t.Touchpoint} {t.OccurredAt:O} {t.Outcome} {t.Value} {t.Segment}"),
            ]);

    private sealed record DriverRun(int Process, int ExitCode, int Recorded, int Duplicate, int Rejected, string Error);
}
