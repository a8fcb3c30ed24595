using System.Diagnostics;
using System.Globalization;
using CustomerJourney.Acting;
using CustomerJourney.Engine;
using CustomerJourney.PostgreSql;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tests.Storage;
using CustomerJourney.Tracking;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace CustomerJourney.Tests.Acting;

/// <summary>
/// Host processes (the <c>CustomerJourney.Acting.Host</c> driver) dispatch transitions of a pre-filled store and are
/// SIGKILLed mid-dispatch, then restarted: every transition is delivered at least once, none is lost, a repeat carries the
/// same delivery id and the same transition, and (on PostgreSQL, with two instances at once) no delivery is ever in two
/// instances' handlers at the same time.
/// </summary>
public sealed class DispatcherCrashTests : IAsyncDisposable
{
    private const int Customers = 300;
    private const int EventsPerCustomer = 8;
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-dispatch-crash-").FullName;
    private string? _schema;
    private string? _connectionString;

    public async ValueTask DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("CJ_KEEP") == "1")
        {
            Console.Error.WriteLine($"KEEP {_directory} {_schema}");
            return;
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        if (_schema is not null)
        {
            await PostgreSqlTestServer.DropSchemaAsync(_connectionString!, _schema);
        }
    }

    [Fact]
    public async Task Sqlite_KilledRepeatedlyMidDispatch_DeliversEveryTransitionAtLeastOnce_WithStableIds()
    {
        var database = Path.Combine(_directory, "journeys.db");
        var expected = await FillAsync(new SqliteJourneyStore(database));
        SqliteConnection.ClearAllPools();
        var store = new[] { "--sqlite", database };
        var output = Directory.CreateDirectory(Path.Combine(_directory, "calls")).FullName;
        var random = new Random(20261202);
        var killed = 0;
        var rounds = 0;
        // handlers take 10 ms, so a kill nearly always lands inside one; a few more rounds (at most 8) until a kill has
        // visibly interrupted a handler call, whatever the machine's speed
        while (rounds < 8 && (rounds < 4 || Calls.Read(output).Repeated == 0))
        {
            killed += await RunAndKillAsync(store, output, $"host{rounds}", expected.Head, random.Next(100, 500), delayMs: 10) ? 1 : 0;
            rounds++;
        }

        Assert.Equal(0, await RunToEndAsync(store, output, "final", expected.Head));
        expected = await TransitionsAsync(new SqliteJourneyStore(database)); // with the lapses the dispatchers applied
        var calls = Calls.Read(output);
        calls.AssertComplete(expected.Transitions);
        Assert.True(killed >= 2, $"only {killed} of {rounds} rounds were killed before they finished; the store is too small for this machine");
        Assert.True(calls.DeliveredBy.Count(p => p.Value.Contains("final")) < expected.Transitions.Count, "the killed rounds delivered nothing");
        Assert.True(calls.Repeated > 0, "no handler call was repeated after a kill: the kills did not land mid-batch"); // and every repeat carried its id's transition (AssertComplete)
        TestContext.Current.TestOutputHelper?.WriteLine($"{expected.Transitions.Count} transitions, {calls.Begins.Sum(b => b.Value.Count)} handler calls ({calls.Repeated} repeated), {killed} kills");
    }

    [Fact]
    public async Task PostgreSql_TwoInstances_OneKilled_TheOtherFinishes_AndNoDeliveryIsHandledByBothAtOnce()
    {
        _connectionString = PostgreSqlTestServer.ConnectionString();
        _schema = PostgreSqlTestServer.NewSchema();
        var expected = await FillAsync(new PostgreSqlJourneyStore(_connectionString, _schema));
        var store = new[] { "--postgres", _connectionString, "--schema", _schema };
        var output = Directory.CreateDirectory(Path.Combine(_directory, "calls")).FullName;

        // a first instance killed alone mid-dispatch, then two at once, one of them killed while the other runs to the end
        Assert.True(await RunAndKillAsync(store, output, "first", expected.Head, 300), "the first instance finished before it was killed");
        using var survivor = Start(store, output, "survivor", expected.Head, delayMs: 3);
        var killed = await RunAndKillAsync(store, output, "victim", expected.Head, 400, delayMs: 3);
        Assert.True(await WaitAsync(survivor, TimeSpan.FromMinutes(3)), "the surviving instance did not finish the work");
        Assert.Equal(0, survivor.ExitCode);

        expected = await TransitionsAsync(new PostgreSqlJourneyStore(_connectionString, _schema)); // with the lapses the dispatchers applied
        var calls = Calls.Read(output);
        calls.AssertComplete(expected.Transitions);
        calls.AssertNeverConcurrent();
        Assert.True(killed, "the victim finished before it was killed");
        Assert.Contains(calls.DeliveredBy, p => p.Value.Contains("victim"));
        Assert.Contains(calls.DeliveredBy, p => p.Value.Contains("survivor"));
        TestContext.Current.TestOutputHelper?.WriteLine($"{expected.Transitions.Count} transitions, {calls.Begins.Sum(b => b.Value.Count)} handler calls ({calls.Repeated} repeated)");
    }

    /// <summary>Tracks random events into the store and returns the transitions the feed holds (by delivery id) and its last position.</summary>
    private static async Task<(Dictionary<string, string> Transitions, long Head)> FillAsync(IJourneyStore store)
    {
        await using var _ = store;
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var tracker = new StoreBackedJourneyTracker(engine, store, null, new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var touchpoints = JourneyTemplates.FiveStage.Touchpoints.Select(t => t.Id).ToArray();
        var random = new Random(7);
        var t0 = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var events = Enumerable.Range(0, Customers * EventsPerCustomer)
            .Select(i => new TouchpointEvent($"e{i}", $"c{random.Next(Customers):D3}", touchpoints[random.Next(touchpoints.Length)], t0.AddHours(random.Next(24 * 120))))
            .ToList();
        foreach (var batch in events.Chunk(200))
        {
            await tracker.TrackBatchAsync(batch, TestContext.Current.CancellationToken);
        }

        return await TransitionsAsync(store, dispose: false);
    }

    /// <summary>The transitions the store's feed holds (by delivery id) and its last position.</summary>
    private static async Task<(Dictionary<string, string> Transitions, long Head)> TransitionsAsync(IJourneyStore store, bool dispose = true)
    {
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var transitions = new Dictionary<string, string>(StringComparer.Ordinal);
        var replays = new Dictionary<JourneyKey, JourneyReplay>();
        long head = 0;
        for (IReadOnlyList<StoredEvent> page; (page = await store.ReadSinceAsync(head, 1000, TestContext.Current.CancellationToken)).Count > 0; head = page[^1].Position)
        {
            foreach (var e in page)
            {
                if (!replays.TryGetValue(e.Key, out var replay))
                {
                    replays[e.Key] = replay = new JourneyReplay(engine, e.Key);
                }

                if (replay.Apply(e) is { } t)
                {
                    transitions[DeliveryIds.Of(t.Position, "log")] = $"{t.Key.CustomerId}:{t.From ?? "(new)"}->{t.To}@{t.Sequence}";
                }
            }
        }

        if (dispose)
        {
            await store.DisposeAsync();
        }

        return (transitions, head);
    }

    private static async Task<bool> RunAndKillAsync(string[] store, string output, string instance, long head, int killAfterMs, int delayMs = 2)
    {
        using var process = Start(store, output, instance, head, delayMs);
        var started = Stopwatch.StartNew();
        // kill once this instance has handled something, so that it dies in the middle of the work
        while (started.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited && !File.ReadLines(Path.Combine(output, instance + ".txt")).Any(l => l.StartsWith("end ", StringComparison.Ordinal)))
        {
            await Task.Delay(20);
        }

        await Task.Delay(killAfterMs);
        var killed = !process.HasExited;
        if (killed)
        {
            process.Kill(entireProcessTree: true); // SIGKILL on Unix
        }

        await process.WaitForExitAsync();
        return killed;
    }

    private static async Task<int> RunToEndAsync(string[] store, string output, string instance, long head)
    {
        using var process = Start(store, output, instance, head, delayMs: 0);
        Assert.True(await WaitAsync(process, TimeSpan.FromMinutes(3)), "the final instance did not finish the work");
        return process.ExitCode;
    }

    private static async Task<bool> WaitAsync(Process process, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return false;
        }
    }

    private static Process Start(string[] store, string output, string instance, long head, int delayMs)
    {
        output = Path.Combine(output, instance + ".txt"); // one file per process: two processes appending to one file would overwrite each other
        File.AppendAllText(output, string.Empty);
        var info = new ProcessStartInfo(SqliteCrashSafetyTests.DotnetHost()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { DriverPath() }.Concat(store).Concat(["--out", output, "--instance", instance, "--delay-ms", delayMs.ToString(CultureInfo.InvariantCulture), "--lease-ms", "3000", "--until-position", head.ToString(CultureInfo.InvariantCulture)]))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the host driver");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string DriverPath()
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        for (var root = output; root is not null; root = root.Parent)
        {
            if (File.Exists(Path.Combine(root.FullName, "CustomerJourney.sln")))
            {
                var path = Path.Combine(root.FullName, "tests", "CustomerJourney.Acting.Host", "bin", output.Parent!.Name, output.Name, "CustomerJourney.Acting.Host.dll");
                Assert.True(File.Exists(path), $"The host driver is not built: {path}. Build the solution first.");
                return path;
            }
        }

        throw new DirectoryNotFoundException($"Cannot find the repository above '{AppContext.BaseDirectory}'.");
    }

    /// <summary>The handler calls the driver processes logged.</summary>
    private sealed class Calls
    {
        public Dictionary<string, List<(string Instance, long At, string Text)>> Begins { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<(string Instance, long At)>> Ends { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, HashSet<string>> DeliveredBy => Ends.ToDictionary(p => p.Key, p => p.Value.Select(e => e.Instance).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

        public int Repeated => Begins.Count(b => b.Value.Count > 1);

        public static Calls Read(string path)
        {
            var calls = new Calls();
            foreach (var line in Directory.GetFiles(path, "*.txt").SelectMany(File.ReadLines))
            {
                var parts = line.Split(' ');
                switch (parts[0])
                {
                    case "begin" when parts.Length == 5:
                        Add(calls.Begins, parts[1], (parts[2], long.Parse(parts[3], CultureInfo.InvariantCulture), parts[4]));
                        break;
                    case "end" when parts.Length == 4:
                        Add(calls.Ends, parts[1], (parts[2], long.Parse(parts[3], CultureInfo.InvariantCulture)));
                        break;
                }
            }

            return calls;
        }

        /// <summary>Every expected transition was delivered; nothing else was called; repeats carry the same transition.</summary>
        public void AssertComplete(Dictionary<string, string> expected)
        {
            var missing = expected.Keys.Where(id => !Ends.ContainsKey(id)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} transitions were never delivered, e.g. {string.Join(", ", missing.Take(5))}");
            foreach (var (id, begins) in Begins)
            {
                Assert.True(expected.TryGetValue(id, out var text), $"delivery {id} is not a transition of the store");
                Assert.All(begins, b => Assert.Equal(text, b.Text));
            }
        }

        /// <summary>No delivery's handler call in one instance overlaps a call of it in another instance.</summary>
        public void AssertNeverConcurrent()
        {
            foreach (var (id, begins) in Begins)
            {
                var ends = Ends.GetValueOrDefault(id) ?? [];
                var spans = begins.Select(b => (b.Instance, b.At, End: ends.Where(e => e.Instance == b.Instance && e.At >= b.At).Select(e => e.At).DefaultIfEmpty(long.MaxValue).Min())).ToList();
                foreach (var a in spans)
                {
                    foreach (var b in spans)
                    {
                        if (a.Instance != b.Instance && a.End != long.MaxValue && b.End != long.MaxValue)
                        {
                            Assert.False(a.At < b.End && b.At < a.End, $"delivery {id} was in the handlers of {a.Instance} and {b.Instance} at once");
                        }
                    }
                }
            }
        }

        private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }

            list.Add(value);
        }
    }
}
