using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using CustomerJourney.Analytics;
using CustomerJourney.Cli.Simulation;
using CustomerJourney.Engine;
using CustomerJourney.Reporting;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Templates;

namespace CustomerJourney.Benchmarks;

/// <summary>
/// The dashboard's model of a large store, timed by phase with a stopwatch (one run; no BenchmarkDotNet, the data set is
/// too large for its repetitions): read and fold every journey (<see cref="JourneySnapshot.ReadAsync"/>), build the
/// <see cref="ReportModel"/>, serialize it. The store is either a read-only store that streams <c>journey demo</c>'s
/// simulated customers (so only the dashboard's own work and memory are measured) or a SQLite file written beforehand.
/// Peak memory: the process's peak working set, and the managed heap while the snapshot is held.
/// </summary>
internal static class DashboardModel
{
    public static async Task RunAsync(string[] args)
    {
        var customers = int.Parse(Option(args, "--customers") ?? "1000000", CultureInfo.InvariantCulture);
        var sqlite = Option(args, "--sqlite");
        var definition = JourneyTemplates.FiveStage;
        var engine = JourneyEngine.Compile(definition);
        var simulator = new StorefrontSimulator(definition, new SimulationOptions(42, customers, 26));
        await using IJourneyStore store = sqlite is null ? new SimulatedStore(simulator) : await SqliteAsync(sqlite, simulator, definition.Name);

        var process = Process.GetCurrentProcess();
        var total = Stopwatch.StartNew();
        var watch = Stopwatch.StartNew();
        var cpu = process.TotalProcessorTime;
        var snapshot = await JourneySnapshot.ReadAsync(store, engine, simulator.End);
        var read = watch.Elapsed;
        var readCpu = Cpu(process, ref cpu);
        var heldAfterRead = GC.GetTotalMemory(forceFullCollection: true);

        watch.Restart();
        _ = Cpu(process, ref cpu); // not the forced collection above
        var model = ReportModel.Build(snapshot);
        var build = watch.Elapsed;
        var buildCpu = Cpu(process, ref cpu);

        watch.Restart();
        var json = ReportJson.Serialize(model);
        var serialize = watch.Elapsed;
        var html = ReportHtml.Render(model);
        var heldWithModel = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(snapshot);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store: {(sqlite is null ? "simulated, streamed" : $"SQLite file {sqlite}")}; {snapshot.Journeys.Count:N0} journeys, {snapshot.Journeys.Sum(j => (long)j.TouchCount):N0} touches, {model.Segments.Count} segments"));
        process.Refresh();
        Console.WriteLine("| read + fold (wall / CPU) | build model (wall / CPU) | serialize JSON | total wall | managed heap held (journeys) | managed heap held (+ model) | peak working set | JSON | HTML |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {read.TotalSeconds:0.0} s / {readCpu.TotalSeconds:0.0} s | {build.TotalSeconds:0.0} s / {buildCpu.TotalSeconds:0.0} s | {serialize.TotalMilliseconds:0} ms | {total.Elapsed.TotalSeconds:0.0} s | {heldAfterRead / 1048576.0:N0} MiB | {heldWithModel / 1048576.0:N0} MiB | {process.PeakWorkingSet64 / 1048576.0:N0} MiB | {json.Length / 1024.0:N0} KiB | {html.Length / 1024.0:N0} KiB |"));
    }

    /// <summary>CPU time of the process since <paramref name="since"/>, which moves on to now.</summary>
    private static TimeSpan Cpu(Process process, ref TimeSpan since)
    {
        process.Refresh();
        var now = process.TotalProcessorTime;
        var spent = now - since;
        since = now;
        return spent;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static async Task<IJourneyStore> SqliteAsync(string path, StorefrontSimulator simulator, string name)
    {
        var store = new SqliteJourneyStore(new SqliteJourneyStoreOptions { Path = path, Synchronous = SqliteSynchronousMode.Normal });
        await foreach (var _ in store.ReadAllAsync(name))
        {
            return store; // already written
        }

        var watch = Stopwatch.StartNew();
        var batch = new List<JourneyAppend>(1000);
        foreach (var customer in simulator.Run())
        {
            batch.Add(new JourneyAppend { Key = new JourneyKey(name, customer[0].CustomerId), ExpectedVersion = 0, Events = customer });
            if (batch.Count == 1000)
            {
                await store.AppendManyAsync(batch.ToArray());
                batch.Clear();
            }
        }

        await store.AppendManyAsync(batch.ToArray());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote the SQLite store in {watch.Elapsed.TotalSeconds:0} s"));
        return store;
    }

    /// <summary>A read-only store whose journeys are the simulator's customers, generated as they are read.</summary>
    private sealed class SimulatedStore(StorefrontSimulator simulator) : IJourneyStore
    {
        public async IAsyncEnumerable<StoredJourney> ReadAllAsync(string definitionName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var customer in simulator.Run())
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new StoredJourney { Key = new JourneyKey(definitionName, customer[0].CustomerId), Version = customer.Count, Events = customer };
            }
        }

        public ValueTask<StoredJourney?> LoadAsync(JourneyKey key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<AppendResult> AppendAsync(JourneyKey key, long expectedVersion, IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<int> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
