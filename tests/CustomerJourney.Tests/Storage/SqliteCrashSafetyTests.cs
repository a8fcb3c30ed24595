using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using CustomerJourney.Engine;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tests.Tracking;
using CustomerJourney.Tracking;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Tests.Storage;

/// <summary>
/// Runs the built <c>journey track</c> on a large events file into a SQLite file and SIGKILLs it at random moments,
/// re-running the same file each time. The CLI prints <c>acked LINE EVENTS</c> after each committed batch (--checkpoints).
/// </summary>
public sealed class SqliteCrashSafetyTests : IDisposable
{
    private const int Customers = 2_000;
    private const int Events = 80_000;
    private const int BatchSize = 500;
    private const int Rounds = 5;
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-crash-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Track_KilledRepeatedlyMidIngestion_KeepsEveryAckedEventAndNeverHalfAppliesABatch()
    {
        var random = new Random(1127);
        var events = Generate(random);
        var file = Path.Combine(_directory, "events.csv");
        await File.WriteAllLinesAsync(file, ["event_id,customer_id,touchpoint,occurred_at,channel,value,segment", .. events.Select(TrackCommandTests.Csv)], TestContext.Current.CancellationToken);
        var database = Path.Combine(_directory, "journeys.db");
        var batches = events.Chunk(BatchSize).ToList();
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var killedMidway = 0;

        for (var round = 0; round < Rounds; round++)
        {
            var (acked, exited) = await RunAndKill(file, database, random.Next(50, 600));
            killedMidway += exited ? 0 : 1;

            var stored = await ReadStored(database);
            var committed = CommittedBatches(batches, stored);
            TestContext.Current.TestOutputHelper?.WriteLine($"round {round}: {(exited ? "finished before the kill" : "killed")}, {acked} events acked, {committed} of {batches.Count} batches stored");
            Assert.True(committed >= 0, $"round {round}: the stored events are not the first whole batches of the file (a batch was half applied)");
            Assert.True(committed * BatchSize >= acked || committed == batches.Count, $"round {round}: {acked} events were acknowledged but only {committed} batches are stored");
            AssertJourneysAreFolds(engine, stored, events.Take(Math.Min(committed * BatchSize, events.Count)));
            AssertSeqContiguous(database);
        }

        var final = await RunToEnd(file, database);
        var all = await ReadStored(database);

        Assert.Equal(0, final);
        Assert.True(killedMidway > 0, "no round was killed before the ingestion finished; the file is too small for this machine");
        Assert.Equal(events.Select(e => (e.CustomerId, e.EventId)).Distinct().Count(), all.Values.Sum(j => j.Events.Count));
        AssertJourneysAreFolds(engine, all, events);
        AssertSeqContiguous(database);
    }

    private static List<TouchpointEvent> Generate(Random random)
    {
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var touchpoints = JourneyTemplates.FiveStage.Touchpoints.Select(t => t.Id).ToArray();
        var events = new List<TouchpointEvent>(Events);
        for (var i = 0; i < Events; i++)
        {
            var customer = random.Next(Customers);
            var id = random.Next(100) == 0 && i > 0 ? events[random.Next(i)] : null; // about 1% re-sent events
            events.Add(id is not null
                ? id with { OccurredAt = id.OccurredAt.AddSeconds(1) }
                : new TouchpointEvent($"e{i}", $"c{customer:D5}", touchpoints[random.Next(touchpoints.Length)], t0.AddMinutes(random.Next(500_000))) { Value = random.Next(10) == 0 ? random.Next(1, 10_000) / 100m : null });
        }

        return events;
    }

    /// <summary>The number of leading whole batches whose events are exactly the stored ones, or -1 when no prefix of whole batches is.</summary>
    private static int CommittedBatches(List<TouchpointEvent[]> batches, Dictionary<string, StoredJourney> stored)
    {
        var storedIds = stored.Values.SelectMany(j => j.Events.Select(e => (j.Key.CustomerId, e.EventId))).ToHashSet();
        var prefix = new HashSet<(string, string)>();
        for (var j = 0; j <= batches.Count; j++)
        {
            if (prefix.Count == storedIds.Count)
            {
                return prefix.SetEquals(storedIds) ? j : -1;
            }

            if (j == batches.Count || prefix.Count > storedIds.Count)
            {
                return -1;
            }

            prefix.UnionWith(batches[j].Select(e => (e.CustomerId, e.EventId)));
        }

        return -1;
    }

    private static void AssertJourneysAreFolds(JourneyEngine engine, Dictionary<string, StoredJourney> stored, IEnumerable<TouchpointEvent> expected)
    {
        var byCustomer = expected.GroupBy(e => e.CustomerId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(byCustomer.Keys.Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        foreach (var (customer, journey) in stored)
        {
            Assert.Equal(journey.Events.Count, journey.Version);
            Assert.Equal(
                TrackingFixtures.View(JourneyFolder.Fold(engine, customer, byCustomer[customer])),
                TrackingFixtures.View(JourneyFolder.Fold(engine, customer, journey.Events)));
        }
    }

    private static void AssertSeqContiguous(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM journeys j WHERE j.version != (SELECT count(*) FROM events e WHERE e.journey_id = j.id) OR j.version != (SELECT coalesce(max(seq), 0) FROM events e WHERE e.journey_id = j.id);";
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
    }

    private static async Task<Dictionary<string, StoredJourney>> ReadStored(string database)
    {
        var stored = new Dictionary<string, StoredJourney>(StringComparer.Ordinal);
        if (!File.Exists(database))
        {
            return stored;
        }

        await using var store = new SqliteJourneyStore(database);
        await foreach (var journey in store.ReadAllAsync("five-stage"))
        {
            stored[journey.Key.CustomerId] = journey;
        }

        SqliteConnection.ClearAllPools();
        return stored;
    }

    /// <summary>Starts the CLI, waits for its first acknowledged batch, then <paramref name="killAfterMs"/> more, and SIGKILLs it.</summary>
    private static async Task<(long Acked, bool Exited)> RunAndKill(string file, string database, int killAfterMs)
    {
        using var process = Start(file, database);
        long acked = 0;
        var firstAck = new TaskCompletionSource();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.StartsWith("acked ", StringComparison.Ordinal) == true)
            {
                Interlocked.Exchange(ref acked, long.Parse(line.Data.Split(' ')[2], CultureInfo.InvariantCulture));
                firstAck.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Task.WhenAny(firstAck.Task, process.WaitForExitAsync());
        await Task.Delay(killAfterMs);
        var exited = process.HasExited;
        if (!exited)
        {
            process.Kill(entireProcessTree: true); // SIGKILL on Unix
        }

        await process.WaitForExitAsync();
        return (Interlocked.Read(ref acked), exited);
    }

    private static async Task<int> RunToEnd(string file, string database)
    {
        using var process = Start(file, database);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static Process Start(string file, string database)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "journey.dll");
        Assert.True(File.Exists(cli), $"the built CLI is not beside the tests: {cli}");
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { cli, "track", "--definition", "five-stage", "--store", $"sqlite:{database}", "--batch", BatchSize.ToString(CultureInfo.InvariantCulture), "--checkpoints", file })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("cannot start the CLI");
    }

    /// <summary>The dotnet host running these tests: DOTNET_HOST_PATH, else the one above the running runtime, else from PATH.</summary>
    internal static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
