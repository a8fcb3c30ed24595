using CustomerJourney.DependencyInjection;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerJourney.Tests.Storage;

/// <summary>The store contract against a fresh SQLite file per test, plus what only a durable file store has to show.</summary>
public sealed class SqliteJourneyStoreTests : JourneyStoreContract, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-sqlite-").FullName;
    private readonly List<SqliteJourneyStore> _stores = [];

    private string DatabasePath => Path.Combine(_directory, "journeys.db");

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    protected override Task<IJourneyStore> CreateStoreAsync() => Task.FromResult<IJourneyStore>(Open());

    [Fact]
    public void Open_ExistingDatabase_AppliesNoMigrationAgain()
    {
        var first = Open();
        first.Dispose();
        var second = Open();
        var third = Open();

        Assert.Equal(SqliteJourneyStore.SchemaVersion, first.MigrationsApplied);
        Assert.Equal(0, second.MigrationsApplied);
        Assert.Equal(0, third.MigrationsApplied);
        Assert.Equal(SqliteJourneyStore.SchemaVersion, Scalar("SELECT count(*) FROM schema_version;"));
        Assert.Equal("wal", Text("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Reopen_AfterClose_EventsSurviveExactly()
    {
        var key = new JourneyKey("shop", "c1");
        var original = new TouchpointEvent("e1", "c1", "search-ad", new DateTimeOffset(2026, 3, 1, 11, 30, 0, TimeSpan.FromHours(2))) { Channel = "paid-search", Value = 19.90m, Segment = "vip", Properties = new Dictionary<string, string> { ["utm"] = "spring", ["quote\"d"] = "ü ✓" } };
        var plain = new TouchpointEvent("e2", "c1", "purchase", T0.AddDays(1));
        await using (var store = Open())
        {
            await store.AppendAsync(key, 0, [original, plain]);
        }

        await using var reopened = Open();
        var loaded = await reopened.LoadAsync(key);

        Assert.NotNull(loaded);
        Assert.Equal(2, loaded.Version);
        var first = loaded.Events[0];
        Assert.Equal(original.OccurredAt, first.OccurredAt);
        Assert.Equal(original.OccurredAt.Offset, first.OccurredAt.Offset);
        Assert.Equal("19.90", first.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("paid-search", "vip"), (first.Channel, first.Segment));
        Assert.Equal(original.Properties!.OrderBy(p => p.Key), first.Properties!.OrderBy(p => p.Key));
        Assert.Equal(plain, loaded.Events[1]);
    }

    [Fact]
    public async Task AppendMany_LastAppendFailsInTheDatabase_WritesNothingOfTheBatch()
    {
        var store = Open();
        await store.AppendAsync(new JourneyKey("shop", "c0"), 0, [Event("e0", "c0", 0)]);
        var appends = Enumerable.Range(1, 50)
            .Select(c => new JourneyAppend { Key = new JourneyKey("shop", $"c{c}"), ExpectedVersion = 0, Events = [Event("e1", $"c{c}", 1), Event("e2", $"c{c}", 2)] })
            .Append(new JourneyAppend { Key = new JourneyKey("shop", "c0"), ExpectedVersion = 1, Events = [Event("e1", "c0", 1), Event(null!, "c0", 2)] })
            .ToList();

        await Assert.ThrowsAsync<SqliteException>(async () => await store.AppendManyAsync(appends));

        Assert.Equal(1L, Scalar("SELECT count(*) FROM events;"));
        Assert.Equal(1, (await store.LoadAsync(new JourneyKey("shop", "c0")))!.Version);
        Assert.Null(await store.LoadAsync(new JourneyKey("shop", "c1")));
    }

    [Fact]
    public async Task AppendMany_TenThousandEventsOverManyJourneys_CommitsEveryJourneyWithContiguousSeq()
    {
        var store = Open();
        var appends = Enumerable.Range(0, 1_000)
            .Select(c => new JourneyAppend { Key = new JourneyKey("shop", $"c{c:D4}"), ExpectedVersion = 0, Events = Enumerable.Range(0, 10).Select(i => Event($"e{i}", $"c{c:D4}", i)).ToList() })
            .ToList();

        var results = await store.AppendManyAsync(appends);
        var journeys = new List<StoredJourney>();
        await foreach (var journey in store.ReadAllAsync("shop"))
        {
            journeys.Add(journey);
        }

        Assert.All(results, r => Assert.Equal(new AppendResult { Status = AppendStatus.Appended, Version = 10, Appended = 10 }, r));
        Assert.Equal(appends.Select(a => a.Key.CustomerId), journeys.Select(j => j.Key.CustomerId));
        Assert.All(journeys, j => Assert.Equal(Enumerable.Range(0, 10).Select(i => $"e{i}"), j.Events.Select(e => e.EventId)));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM (SELECT journey_id FROM events GROUP BY journey_id HAVING max(seq) != count(*) OR min(seq) != 1);"));
    }

    [Fact]
    public async Task AppendMany_SameJourneyTwiceInOneBatch_SecondAppendSeesTheFirst()
    {
        var store = Open();
        var key = new JourneyKey("shop", "c1");

        var results = await store.AppendManyAsync(
        [
            new JourneyAppend { Key = key, ExpectedVersion = 0, Events = [Event("e1", "c1", 1), Event("e2", "c1", 2)] },
            new JourneyAppend { Key = key, ExpectedVersion = 2, Events = [Event("e2", "c1", 2), Event("e3", "c1", 3)] },
            new JourneyAppend { Key = key, ExpectedVersion = 2, Events = [Event("e4", "c1", 4)] },
        ]);

        Assert.Equal(new AppendResult { Status = AppendStatus.Appended, Version = 2, Appended = 2 }, results[0]);
        Assert.Equal(AppendStatus.Appended, results[1].Status);
        Assert.Equal((3L, 1), (results[1].Version, results[1].Appended));
        Assert.Equal(["e2"], results[1].Duplicates!);
        Assert.Equal(new AppendResult { Status = AppendStatus.Conflict, Version = 3, Appended = 0 }, results[2]);
        Assert.Equal(["e1", "e2", "e3"], (await store.LoadAsync(key))!.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task ConcurrentStores_OnOneFile_NeverLoseOrDoubleAnEvent()
    {
        var stores = new[] { Open(), Open(new SqliteJourneyStoreOptions { ConnectionString = $"Data Source={DatabasePath};Cache=Private" }) };
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var store = stores[w % 2];
            for (var i = 0; i < 40; i++)
            {
                var customer = $"c{i % 3}";
                var key = new JourneyKey("shop", customer);
                var events = new[] { Event($"w{w}-{i}", customer, i), Event($"shared-{i}", customer, i) };
                while ((await store.AppendAsync(key, (await store.LoadAsync(key))?.Version ?? 0, events)).Status == AppendStatus.Conflict)
                {
                }
            }
        }));

        await Task.WhenAll(writers);

        for (var c = 0; c < 3; c++)
        {
            var expected = Enumerable.Range(0, 40).Where(i => i % 3 == c)
                .SelectMany(i => Enumerable.Range(0, 4).Select(w => $"w{w}-{i}").Append($"shared-{i}"))
                .Order(StringComparer.Ordinal);
            var loaded = await stores[0].LoadAsync(new JourneyKey("shop", $"c{c}"));
            Assert.Equal(expected, loaded!.Events.Select(e => e.EventId).Order(StringComparer.Ordinal));
            Assert.Equal(loaded.Events.Count, loaded.Version);
        }
    }

    [Fact]
    public async Task Erase_Customer_LeavesNoRowOfTheCustomer()
    {
        var store = Open();
        await store.AppendAsync(new JourneyKey("shop", "gone"), 0, [Event("e1", "gone", 1)]);
        await store.AppendAsync(new JourneyKey("other", "gone"), 0, [Event("e1", "gone", 1)]);
        await store.AppendAsync(new JourneyKey("shop", "kept"), 0, [Event("e1", "kept", 1)]);

        await store.EraseCustomerAsync("gone");

        Assert.Equal(0L, Scalar("SELECT count(*) FROM journeys WHERE customer = 'gone';"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM events;"));
    }

    [Fact]
    public async Task UseSqliteStore_OnTheBuilder_RegistersASqliteStoreOnThatFile()
    {
        var services = new ServiceCollection();
        services.AddCustomerJourney(journeys => journeys.AddTemplate("five-stage").UseSqliteStore(DatabasePath));

        var descriptor = services.Single(d => d.ServiceType == typeof(IJourneyStore));
        var store = Assert.IsType<SqliteJourneyStore>(descriptor.ImplementationFactory!(null!));
        _stores.Add(store);
        await store.AppendAsync(new JourneyKey("shop", "c1"), 0, [Event("e1", "c1", 1)]);

        Assert.Equal(1L, Scalar("SELECT count(*) FROM events;"));
    }

    [Fact]
    public void Options_Validate_ReportsEveryProblemAtOnce_AndTheStoreRefusesThem()
    {
        var options = new SqliteJourneyStoreOptions { BusyTimeout = TimeSpan.FromSeconds(-1), Synchronous = (SqliteSynchronousMode)9, CacheSizeKiB = 1, WalAutoCheckpointPages = -1 };

        var problems = options.Validate();

        Assert.Equal(5, problems.Count);
        Assert.Contains("Path", problems[0], StringComparison.Ordinal);
        Assert.Equal(["BusyTimeout", "Synchronous", "CacheSizeKiB", "WalAutoCheckpointPages"], problems.Skip(1).Select(p => p.Split(' ')[0].Split('.')[1]));
        var error = Assert.Throws<ArgumentException>(() => new SqliteJourneyStore(options));
        Assert.All(problems, p => Assert.Contains(p, error.Message, StringComparison.Ordinal));
        Assert.Empty(new SqliteJourneyStoreOptions { Path = DatabasePath }.Validate());
    }

    private static TouchpointEvent Event(string id, string customer, int minute) => new(id, customer, "search-ad", T0.AddMinutes(minute));

    private SqliteJourneyStore Open(SqliteJourneyStoreOptions? options = null)
    {
        var store = new SqliteJourneyStore(options ?? new SqliteJourneyStoreOptions { Path = DatabasePath });
        _stores.Add(store);
        return store;
    }

    private long Scalar(string sql) => Convert.ToInt64(Query(sql), System.Globalization.CultureInfo.InvariantCulture);

    private string Text(string sql) => Convert.ToString(Query(sql), System.Globalization.CultureInfo.InvariantCulture)!;

    private object? Query(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
