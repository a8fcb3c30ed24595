using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.PostgreSql;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tests.Storage;
using CustomerJourney.Tracking;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Tracking;

/// <summary>What a long-running host needs of its trackers: no ghosts, bounded memory, coherent instances, edge times.</summary>
public sealed class HostGradeTrackingTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("cj-host-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    private static JourneyEngine GoBack() => JourneyEngine.Compile(new JourneyBuilder("go-back")
        .Stage("a", s => s.Permit("go", "b"))
        .Stage("b", s => s.Goal().Permit("back", "a"))
        .Touchpoint("go", "web")
        .Touchpoint("back", "email")
        .StartAt("a")
        .Build());

    private static TouchpointEvent E(string id, string touchpoint, DateTimeOffset at, string customer = "c1") => new(id, customer, touchpoint, at);

    public static TheoryData<string> Stores => ["memory", "sqlite"];

    private IJourneyStore NewStore(string kind) => kind switch
    {
        "memory" => new InMemoryJourneyStore(),
        "sqlite" => new SqliteJourneyStore(Path.Combine(_directory.FullName, $"{Guid.NewGuid():N}.db")),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task TrackBatch_LateEventAfterALaterOneInTheSameBatch_IsRejectedAsOneByOne(string kind)
    {
        var options = new JourneyTrackerOptions { MaxLateness = TimeSpan.FromHours(1) };
        await using var store = NewStore(kind);
        var tracker = new StoreBackedJourneyTracker(GoBack(), store, options, Clock());

        var results = await tracker.TrackBatchAsync([E("e1", "go", T0.AddHours(3)), E("e2", "back", T0)]);

        Assert.Equal(TrackOutcome.Advanced, results[0].Outcome);
        Assert.Equal((TrackOutcome.Rejected, EventErrorCodes.TooLate), (results[1].Outcome, results[1].ReasonCode));
        Assert.Equal(1, (await tracker.GetJourneyAsync("c1"))!.TouchCount);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task TrackBatch_SameEventTwice_SecondIsADuplicateSeenAfterTheFirst(string kind)
    {
        await using var store = NewStore(kind);
        var tracker = new StoreBackedJourneyTracker(GoBack(), store, timeProvider: Clock());

        var results = await tracker.TrackBatchAsync([E("e1", "go", T0), E("e1", "go", T0)]);

        Assert.Equal((TrackOutcome.Advanced, "a", "b", 1L), (results[0].Outcome, results[0].From, results[0].To, results[0].Version));
        Assert.Equal((TrackOutcome.Duplicate, "b", "b", 1L), (results[1].Outcome, results[1].From, results[1].To, results[1].Version));
    }

    [Fact]
    public async Task Lookups_OfUnknownCustomers_LeaveNoJourneyBehind_InMemory()
    {
        var tracker = new JourneyTracker(GoBack(), timeProvider: Clock());
        tracker.Track(E("e1", "go", T0));

        Assert.Null(tracker.GetJourney("unknown"));
        Assert.Null(await tracker.GetJourneyAsync("unknown"));

        Assert.Equal(1, tracker.Count);
        Assert.Equal(["c1"], tracker.GetJourneys().Select(j => j.CustomerId));
        Assert.False(await tracker.EraseAsync("unknown"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Lookups_OfUnknownCustomers_LeaveNoJourneyBehind_WithAStore(string kind)
    {
        await using var store = NewStore(kind);
        var tracker = new StoreBackedJourneyTracker(GoBack(), store, timeProvider: Clock());
        await tracker.TrackAsync(E("e1", "go", T0));

        Assert.Null(await tracker.GetJourneyAsync("unknown"));
        Assert.Null(await tracker.GetJourneyAsync("unknown", ReadConsistency.Cached));

        Assert.Equal(1, tracker.CachedCount);
        Assert.Null(await store.LoadAsync(new JourneyKey("go-back", "unknown")));
        Assert.False(await tracker.EraseAsync("unknown"));
        Assert.True(await tracker.EraseAsync("c1"));
    }

    [Fact]
    public async Task Cache_HoldsAtMostItsCapacity_AndEvictingLosesNothing()
    {
        await using var store = NewStore("sqlite");
        var tracker = new StoreBackedJourneyTracker(GoBack(), store, new JourneyTrackerOptions { CacheCapacity = 10 }, Clock());
        for (var i = 0; i < 200; i++)
        {
            await tracker.TrackAsync(E($"e{i}", "go", T0.AddMinutes(i), $"c{i}"));
            Assert.InRange(tracker.CachedCount, 0, 10);
        }

        // every evicted journey is still whole: a new event continues it from the store
        for (var i = 0; i < 200; i++)
        {
            var back = await tracker.TrackAsync(E($"f{i}", "back", T0.AddHours(5), $"c{i}"));
            Assert.Equal(("b", "a", 2L), (back.From, back.To, back.Version));
        }

        for (var i = 0; i < 1_000; i++)
        {
            Assert.Null(await tracker.GetJourneyAsync($"nobody-{i}"));
        }

        Assert.InRange(tracker.CachedCount, 0, 10);
    }

    [Fact]
    public async Task ResentBatches_LoadEachStoredJourneyOnce_AndUnknownCustomersAreNotCached()
    {
        await using var inner = new InMemoryJourneyStore();
        var events = Enumerable.Range(0, 300).Select(i => E($"e{i}", i % 2 == 0 ? "go" : "back", T0.AddMinutes(i), $"c{i % 50}")).ToList();
        await new StoreBackedJourneyTracker(GoBack(), inner, options: null, Clock()).TrackBatchAsync(events);
        var store = new CountingStore(inner);
        var tracker = new StoreBackedJourneyTracker(GoBack(), store, options: null, Clock());

        // the same events again, in three batches: every one a duplicate, nothing written
        foreach (var chunk in events.Chunk(100))
        {
            Assert.All(await tracker.TrackBatchAsync(chunk), r => Assert.Equal(TrackOutcome.Duplicate, r.Outcome));
        }

        Assert.Equal(50, store.Loaded);
        Assert.Equal(50, tracker.CachedCount);
        Assert.Equal(0, store.Appended);

        // an event that records nothing for a customer the store does not know leaves nothing cached
        Assert.Equal(TrackOutcome.Rejected, (await tracker.TrackAsync(E("x1", "nowhere", T0, "new"))).Outcome);
        Assert.Equal(50, tracker.CachedCount);
    }

    /// <summary>A store that counts the journeys loaded and events appended through it.</summary>
    private sealed class CountingStore(IJourneyStore inner) : IJourneyStore
    {
        public int Loaded { get; private set; }

        public int Appended { get; private set; }

        public ValueTask<StoredJourney?> LoadAsync(JourneyKey key, CancellationToken cancellationToken = default)
        {
            Loaded++;
            return inner.LoadAsync(key, cancellationToken);
        }

        public ValueTask<IReadOnlyList<StoredJourney?>> LoadManyAsync(IReadOnlyList<JourneyKey> keys, CancellationToken cancellationToken = default)
        {
            Loaded += keys.Count;
            return inner.LoadManyAsync(keys, cancellationToken);
        }

        public ValueTask<AppendResult> AppendAsync(JourneyKey key, long expectedVersion, IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default)
        {
            Appended += events.Count;
            return inner.AppendAsync(key, expectedVersion, events, cancellationToken);
        }

        public ValueTask<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<JourneyAppend> appends, CancellationToken cancellationToken = default)
        {
            Appended += appends.Sum(a => a.Events.Count);
            return inner.AppendManyAsync(appends, cancellationToken);
        }

        public IAsyncEnumerable<StoredJourney> ReadAllAsync(string definitionName, CancellationToken cancellationToken = default) => inner.ReadAllAsync(definitionName, cancellationToken);

        public ValueTask<int> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default) => inner.EraseCustomerAsync(customerId, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    [Fact]
    public async Task CacheCapacityZero_CachesNothing_AndStillTracksCorrectly()
    {
        await using var store = NewStore("memory");
        var tracker = new StoreBackedJourneyTracker(GoBack(), store, new JourneyTrackerOptions { CacheCapacity = 0 }, Clock());

        Assert.Equal(TrackOutcome.Advanced, (await tracker.TrackAsync(E("e1", "go", T0))).Outcome);
        Assert.Equal(TrackOutcome.Duplicate, (await tracker.TrackAsync(E("e1", "go", T0))).Outcome);
        Assert.Equal(("b", "a"), ((await tracker.TrackAsync(E("e2", "back", T0.AddMinutes(1)))).From, (await tracker.GetJourneyAsync("c1"))!.Stage));
        Assert.Equal(0, tracker.CachedCount);
    }

    [Fact]
    public async Task TwoInstancesOverOneSqliteFile_LatestReadSeesTheOthersAppend() =>
        await TwoInstances_LatestReadSeesTheOthersAppend(() => new SqliteJourneyStore(Path.Combine(_directory.FullName, "shared.db")));

    [Fact]
    public async Task TwoInstancesOverOnePostgreSqlSchema_LatestReadSeesTheOthersAppend()
    {
        var connectionString = PostgreSqlTestServer.ConnectionString();
        var schema = PostgreSqlTestServer.NewSchema();
        try
        {
            await TwoInstances_LatestReadSeesTheOthersAppend(() => new PostgreSqlJourneyStore(connectionString, schema));
        }
        finally
        {
            await PostgreSqlTestServer.DropSchemaAsync(connectionString, schema);
        }
    }

    private static async Task TwoInstances_LatestReadSeesTheOthersAppend(Func<IJourneyStore> open)
    {
        await using var storeA = open();
        await using var storeB = open();
        var a = new StoreBackedJourneyTracker(GoBack(), storeA, timeProvider: Clock());
        var b = new StoreBackedJourneyTracker(GoBack(), storeB, timeProvider: Clock());

        await a.TrackAsync(E("e1", "go", T0));
        var byB = await b.TrackAsync(E("e2", "back", T0.AddMinutes(5)));

        Assert.Equal(("b", "a", 2L), (byB.From, byB.To, byB.Version));

        // a cached read may be stale (documented); a latest read sees B's append (and drops the stale cache entry)
        var cached = await a.GetJourneyAsync("c1", ReadConsistency.Cached);
        Assert.Equal(("b", 1L), (cached!.Stage, cached.Version));
        var latest = await a.GetJourneyAsync("c1");
        Assert.Equal(("a", 2L), (latest!.Stage, latest.Version));
        Assert.Equal(2L, (await a.GetJourneyAsync("c1", ReadConsistency.Cached))!.Version);

        // A's cache is stale again after B's next append: A's write conflicts, reloads and decides on the latest journey
        await a.TrackAsync(E("e1b", "go", T0.AddMinutes(6)));
        await b.TrackAsync(E("e2b", "back", T0.AddMinutes(7)));
        var next = await a.TrackAsync(E("e3", "go", T0.AddMinutes(9)));
        Assert.Equal(("a", "b", 5L), (next.From, next.To, next.Version));
        Assert.Equal(5L, (await b.GetJourneyAsync("c1"))!.Version);
    }

    [Fact]
    public async Task TwoInstancesOverOneSqliteFile_ConcurrentBatches_AgreeWithASequentialRun()
    {
        var path = Path.Combine(_directory.FullName, "concurrent.db");
        await TwoInstances_AgreeWithASequentialRun(() => new SqliteJourneyStore(path));
    }

    [Fact]
    public async Task TwoInstancesOverOnePostgreSqlSchema_ConcurrentBatches_AgreeWithASequentialRun()
    {
        var connectionString = PostgreSqlTestServer.ConnectionString();
        var schema = PostgreSqlTestServer.NewSchema();
        try
        {
            await TwoInstances_AgreeWithASequentialRun(() => new PostgreSqlJourneyStore(connectionString, schema));
        }
        finally
        {
            await PostgreSqlTestServer.DropSchemaAsync(connectionString, schema);
        }
    }

    private static async Task TwoInstances_AgreeWithASequentialRun(Func<IJourneyStore> open)
    {
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var touchpoints = engine.Definition.Touchpoints.Select(t => t.Id).ToArray();
        var random = new Random(11);
        var events = Enumerable.Range(0, 2_000)
            .Select(i => new TouchpointEvent($"e{i}", $"c{random.Next(40)}", touchpoints[random.Next(touchpoints.Length)], Now.AddDays(-60).AddMinutes(random.Next(80_000))))
            .ToArray();
        await using var storeA = open();
        await using var storeB = open();
        var trackers = new[]
        {
            new StoreBackedJourneyTracker(engine, storeA, new JourneyTrackerOptions { CacheCapacity = 16 }, Clock()),
            new StoreBackedJourneyTracker(engine, storeB, new JourneyTrackerOptions { CacheCapacity = 16 }, Clock()),
        };

        // both instances receive every event (a re-delivering queue), in different orders and batch sizes
        await Task.WhenAll(trackers.Select((tracker, k) => Task.Run(async () =>
        {
            foreach (var batch in Shuffle(events, k).Chunk(k == 0 ? 17 : 5))
            {
                await tracker.TrackBatchAsync(batch);
            }
        })));

        var sequential = new JourneyTracker(engine, timeProvider: Clock());
        foreach (var e in events)
        {
            sequential.Track(e);
        }

        foreach (var customer in events.Select(e => e.CustomerId).Distinct())
        {
            var expected = View(sequential.GetJourney(customer));
            Assert.Equal(expected, View(await trackers[0].GetJourneyAsync(customer)));
            Assert.Equal(expected, View(await trackers[1].GetJourneyAsync(customer)));
        }
    }

    [Fact]
    public void GuardsChangedAfterCompile_DoNotChangeTheEngine_OnEitherPath()
    {
        var registry = new GuardRegistry().Add("big", c => c.Value >= 100m);
        var engine = JourneyEngine.Compile(
            new JourneyBuilder("guarded")
                .Stage("a", s => s.Permit("buy", "b", guard: "big"))
                .Stage("b", s => s.Goal().Terminal())
                .Touchpoint("buy", "web")
                .StartAt("a")
                .WithGuards(registry)
                .Build(),
            registry);
        registry.Add("big", _ => true); // replaced after compiling

        var context = new GuardContext { CustomerId = "c1", Stage = "a", Touchpoint = "buy", Channel = "web", OccurredAt = T0, Value = 5m };
        Assert.Equal(FireOutcome.Unhandled, engine.Fire("a", "buy", context).Outcome);
        var state = "a";
        var machine = engine.CreateStateMachine(() => state, s => state = s, () => context);
        Assert.False(machine.CanFire("buy"));
        Assert.False(engine.Guards["big"](context));
    }

    [Fact]
    public void Options_OutOfRange_AreRejectedWithEveryProblemNamed()
    {
        var options = new JourneyTrackerOptions { MaxIdLength = 0, MaxFutureSkew = TimeSpan.FromDays(-1), CacheCapacity = 2, Shards = 0 };

        var error = Assert.Throws<ArgumentException>(() => new JourneyTracker(GoBack(), options));

        foreach (var name in new[] { "MaxIdLength", "MaxFutureSkew", "CacheCapacity", "Shards" })
        {
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>(() => new StoreBackedJourneyTracker(GoBack(), new InMemoryJourneyStore(), options));
        Assert.Throws<ArgumentException>(() => new TouchpointEventValidator(GoBack().Definition, options));
    }

    [Fact]
    public void Options_ChangedAfterCreation_DoNotAffectTheTracker()
    {
        var options = new JourneyTrackerOptions { MaxLateness = TimeSpan.FromHours(1) };
        var tracker = new JourneyTracker(GoBack(), options, Clock());
        tracker.Track(E("e1", "go", T0.AddHours(5)));

        options.MaxLateness = null;

        Assert.Equal(EventErrorCodes.TooLate, tracker.Track(E("e2", "back", T0)).ReasonCode);
    }

    [Fact]
    public void ClockAtTheEndOfTime_AcceptsEventsInsteadOfOverflowing()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.MaxValue.AddTicks(-1));
        var tracker = new JourneyTracker(GoBack(), new JourneyTrackerOptions { MaxFutureSkew = TimeSpan.FromDays(365) }, clock);

        Assert.Equal(TrackOutcome.Advanced, tracker.Track(E("e1", "go", T0)).Outcome);
        Assert.Equal(TrackOutcome.Advanced, tracker.Track(E("e2", "back", DateTimeOffset.MaxValue)).Outcome);
        Assert.Empty(tracker.Validate(E("e3", "go", DateTimeOffset.MaxValue)));
    }

    [Fact]
    public void EventAtTheEndOfTime_WithInactivityRules_FoldsAndAdvancesWithoutOverflow()
    {
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var clock = new FakeTimeProvider(new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero));
        var tracker = new JourneyTracker(engine, timeProvider: clock);
        var touchpoint = engine.Definition.Touchpoints[0].Id;

        var result = tracker.Track(new TouchpointEvent("e1", "c1", touchpoint, new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)));
        Assert.True(result.IsRecorded);
        Assert.Equal(0, tracker.Advance(DateTimeOffset.MaxValue)); // a lapse would lie beyond the end of time: none happens
        Assert.Equal(result.To, tracker.GetJourney("c1")!.Stage);
    }

    [Fact]
    public void EventBefore1970_IsRejectedAsAnInvalidTimestamp()
    {
        var tracker = new JourneyTracker(GoBack(), timeProvider: Clock());

        Assert.Equal(EventErrorCodes.InvalidTimestamp, tracker.Track(E("e1", "go", DateTimeOffset.MinValue)).ReasonCode);
        Assert.Equal(EventErrorCodes.InvalidTimestamp, tracker.Track(E("e2", "go", new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero))).ReasonCode);
        Assert.Equal(TrackOutcome.Advanced, tracker.Track(E("e3", "go", new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero))).Outcome);
    }

    [Fact]
    public void LatenessBoundOfTimeSpanMaxValue_AcceptsAnyLateEvent()
    {
        var tracker = new JourneyTracker(GoBack(), new JourneyTrackerOptions { MaxLateness = TimeSpan.MaxValue }, Clock());
        tracker.Track(E("e1", "go", T0));

        Assert.True(tracker.Track(E("e2", "back", new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero))).IsRecorded);
    }
}
