using CustomerJourney.PostgreSql;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;

namespace CustomerJourney.Tests.Storage;

/// <summary>
/// The store contract and PostgreSQL-specific guarantees against a real server (<c>CJ_TEST_POSTGRES</c>); each test
/// works in a fresh random schema, dropped afterwards.
/// </summary>
public sealed class PostgreSqlJourneyStoreTests : JourneyStoreContract, IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly List<PostgreSqlJourneyStore> _stores = [];
    private readonly HashSet<string> _schemas = [];
    private string? _connectionString;

    protected override async Task<IJourneyStore> CreateStoreAsync() => await NewStoreAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        foreach (var schema in _schemas)
        {
            await PostgreSqlTestServer.DropSchemaAsync(_connectionString!, schema);
        }
    }

    [Fact]
    public async Task Migrate_RunTwice_IsIdempotentAndKeepsData()
    {
        var store = await NewStoreAsync();
        var first = await store.MigrateAsync(TestContext.Current.CancellationToken);
        await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1")], TestContext.Current.CancellationToken);

        var second = await store.MigrateAsync(TestContext.Current.CancellationToken);
        var third = await SameSchemaStore(store).MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, first);
        Assert.Equal(PostgreSqlJourneyStore.CurrentSchemaVersion, second);
        Assert.Equal(PostgreSqlJourneyStore.CurrentSchemaVersion, third);
        Assert.Equal(PostgreSqlJourneyStore.CurrentSchemaVersion, await Scalar(store, "SELECT count(*) FROM {0}.schema_version"));
        Assert.Equal(1, (await store.LoadAsync(Key("c1"), TestContext.Current.CancellationToken))!.Version);
    }

    [Fact]
    public async Task Migrate_ManyProcessesAtOnce_OneCreatesTheSchemaAndAllSucceed()
    {
        var first = await NewStoreAsync();
        var stores = Enumerable.Range(0, 8).Select(_ => SameSchemaStore(first)).Prepend(first).ToList();

        var found = await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(TestContext.Current.CancellationToken))));

        Assert.Equal(1, found.Count(v => v == 0));
        Assert.All(found.Where(v => v != 0), v => Assert.Equal(PostgreSqlJourneyStore.CurrentSchemaVersion, v));
        Assert.Equal(PostgreSqlJourneyStore.CurrentSchemaVersion, await Scalar(first, "SELECT max(version) FROM {0}.schema_version"));
        Assert.Equal(PostgreSqlJourneyStore.CurrentSchemaVersion, await Scalar(first, "SELECT count(*) FROM {0}.schema_version"));
    }

    [Fact]
    public async Task FirstUse_ManyStoresAppendingAtOnce_MigratesOnceAndKeepsEveryEvent()
    {
        var first = await NewStoreAsync();
        var stores = Enumerable.Range(0, 6).Select(_ => SameSchemaStore(first)).Prepend(first).ToList();

        var results = await Task.WhenAll(stores.Select((s, i) => Task.Run(async () =>
            await s.AppendAsync(Key($"c{i}"), 0, [Event("e1", $"c{i}")], TestContext.Current.CancellationToken))));

        Assert.All(results, r => Assert.Equal(new AppendResult { Status = AppendStatus.Appended, Version = 1, Appended = 1 }, r));
        Assert.Equal(7, await Scalar(first, "SELECT count(*) FROM {0}.events"));
    }

    [Fact]
    public async Task Migrate_SchemaOfANewerRelease_Throws()
    {
        var store = await NewStoreAsync();
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        await Scalar(store, "WITH i AS (INSERT INTO {0}.schema_version (version, description) VALUES (99, 'future') RETURNING 1) SELECT count(*) FROM i");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => SameSchemaStore(store).MigrateAsync(TestContext.Current.CancellationToken));

        Assert.Contains("99", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_WithoutMigrateOnFirstUse_FailsUntilMigrated()
    {
        var connectionString = PostgreSqlTestServer.ConnectionString();
        var schema = Track(PostgreSqlTestServer.NewSchema(), connectionString);
        var store = Keep(new PostgreSqlJourneyStore(new PostgreSqlJourneyStoreOptions { ConnectionString = connectionString, Schema = schema, MigrateOnFirstUse = false }));

        await Assert.ThrowsAsync<Npgsql.PostgresException>(async () => await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1")], TestContext.Current.CancellationToken));
        await store.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, (await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1")], TestContext.Current.CancellationToken)).Appended);
    }

    [Fact]
    public async Task Load_EventFields_RoundTripExactly()
    {
        var store = await NewStoreAsync();
        var at = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(5.5)).AddTicks(1234567);
        TouchpointEvent[] events =
        [
            new("e1", "c1", "checkout", at) { Channel = "web-shop", Value = 1234567.891m, Segment = "vip", Properties = new Dictionary<string, string> { ["utm"] = "spring \"sale\"", ["ünï"] = "ç\u00f8de" } },
            new("e2", "c1", "review", T0),
            new("e3", "c1", "review", T0) { Properties = new Dictionary<string, string>() },
        ];

        await store.AppendAsync(Key("c1"), 0, events, TestContext.Current.CancellationToken);
        var loaded = (await store.LoadAsync(Key("c1"), TestContext.Current.CancellationToken))!.Events;

        Assert.Equal(at.Offset, loaded[0].OccurredAt.Offset);
        Assert.Equal(at.UtcTicks, loaded[0].OccurredAt.UtcTicks);
        Assert.Equal(events[0] with { Properties = null }, loaded[0] with { Properties = null });
        Assert.Equal(events[0].Properties!.OrderBy(p => p.Key, StringComparer.Ordinal), loaded[0].Properties!.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(events[1], loaded[1]);
        Assert.NotNull(loaded[2].Properties);
        Assert.Empty(loaded[2].Properties!);
    }

    [Fact]
    public async Task Append_ManyTasksWithOverlappingEventsOnOneJourney_StoresEachEventExactlyOnce()
    {
        var first = await NewStoreAsync();
        var stores = Enumerable.Range(0, 3).Select(_ => SameSchemaStore(first)).Prepend(first).ToList();
        var writers = Enumerable.Range(0, 12).Select(w => Task.Run(async () =>
        {
            var store = stores[w % stores.Count];
            for (var i = 0; i < 30; i++)
            {
                var id = $"e{(w * 7 + i) % 90}"; // writers overlap: 90 distinct ids in all
                while (true)
                {
                    var version = (await store.LoadAsync(Key("c1"), TestContext.Current.CancellationToken))?.Version ?? 0;
                    if ((await store.AppendAsync(Key("c1"), version, [Event(id, "c1", i)], TestContext.Current.CancellationToken)).Status == AppendStatus.Appended)
                    {
                        break;
                    }
                }
            }
        }));

        await Task.WhenAll(writers);
        var loaded = (await first.LoadAsync(Key("c1"), TestContext.Current.CancellationToken))!;

        var expected = Enumerable.Range(0, 12).SelectMany(w => Enumerable.Range(0, 30).Select(i => $"e{(w * 7 + i) % 90}")).Distinct().Count();
        Assert.Equal(expected, loaded.Version);
        Assert.Equal(expected, loaded.Events.Select(e => e.EventId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(expected, await Scalar(first, "SELECT version FROM {0}.journeys"));
        Assert.Equal(expected, await Scalar(first, "SELECT max(seq) FROM {0}.events"));
    }

    [Fact]
    public async Task AppendMany_TenThousandEvents_CommitsEveryJourneyWithItsOwnResult()
    {
        var store = await NewStoreAsync();
        await store.AppendManyAsync([.. Enumerable.Range(0, 100).Select(c => new JourneyAppend { Key = Key($"c{c}"), ExpectedVersion = 0, Events = [Event("e0", $"c{c}")] })], TestContext.Current.CancellationToken);
        var appends = Enumerable.Range(0, 1000).Select(c =>
        {
            var customer = $"c{c}";
            var expected = c < 100 ? (c % 10 == 0 ? 7 : 1) : 0; // every tenth old journey is stale
            return new JourneyAppend { Key = Key(customer), ExpectedVersion = expected, Events = [.. Enumerable.Range(0, 10).Select(i => Event($"e{i}", customer, i))] };
        }).ToList();

        var results = await store.AppendManyAsync(appends, TestContext.Current.CancellationToken);

        Assert.Equal(10, results.Count(r => r.Status == AppendStatus.Conflict));
        Assert.All(results.Where(r => r.Status == AppendStatus.Conflict), r => Assert.Equal(1, r.Version));
        Assert.All(results.Take(100).Where(r => r.Status == AppendStatus.Appended), r => Assert.Equal((AppendStatus.Appended, 10L, 9, 1), (r.Status, r.Version, r.Appended, r.Duplicates!.Count)));
        Assert.All(results.Skip(100), r => Assert.Equal(new AppendResult { Status = AppendStatus.Appended, Version = 10, Appended = 10 }, r));
        Assert.Equal(100 + (90 * 9) + (900 * 10), await Scalar(store, "SELECT count(*) FROM {0}.events"));
        Assert.Equal(1, (await store.LoadAsync(Key("c10"), TestContext.Current.CancellationToken))!.Version);
        Assert.Equal(0, await Scalar(store, "SELECT count(*) FROM {0}.journeys j WHERE version <> (SELECT count(*) FROM {0}.events e WHERE e.journey_id = j.id)"));
    }

    [Fact]
    public async Task AppendMany_SameJourneyTwice_AppliesTheAppendsInOrder()
    {
        var store = await NewStoreAsync();

        var results = await store.AppendManyAsync(
        [
            new JourneyAppend { Key = Key("c1"), ExpectedVersion = 0, Events = [Event("e1", "c1"), Event("e2", "c1")] },
            new JourneyAppend { Key = Key("c1"), ExpectedVersion = 0, Events = [Event("x", "c1")] },
            new JourneyAppend { Key = Key("c1"), ExpectedVersion = 2, Events = [Event("e2", "c1"), Event("e3", "c1")] },
        ], TestContext.Current.CancellationToken);

        Assert.Equal(new AppendResult { Status = AppendStatus.Appended, Version = 2, Appended = 2 }, results[0]);
        Assert.Equal(new AppendResult { Status = AppendStatus.Conflict, Version = 2, Appended = 0 }, results[1]);
        Assert.Equal((AppendStatus.Appended, 3L, 1), (results[2].Status, results[2].Version, results[2].Appended));
        Assert.Equal(["e2"], results[2].Duplicates!);
        Assert.Equal(["e1", "e2", "e3"], (await store.LoadAsync(Key("c1"), TestContext.Current.CancellationToken))!.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task AppendMany_RandomBatches_MatchTheInMemoryStoreAppendingOneByOne()
    {
        var store = await NewStoreAsync();
        var model = new InMemoryJourneyStore();
        var random = new Random(20261128);
        for (var step = 0; step < 60; step++)
        {
            if (random.Next(8) == 0)
            {
                var erased = $"c{random.Next(8)}";
                Assert.Equal(await model.EraseCustomerAsync(erased, TestContext.Current.CancellationToken), await store.EraseCustomerAsync(erased, TestContext.Current.CancellationToken));
                continue;
            }

            // a batch over a few journeys, some more than once, with stale versions, repeats and duplicates of stored ids
            var versions = new Dictionary<string, long>();
            var batch = new List<JourneyAppend>();
            for (var i = 0; i < 1 + random.Next(12); i++)
            {
                var customer = $"c{random.Next(8)}";
                if (!versions.TryGetValue(customer, out var version))
                {
                    version = (await model.LoadAsync(Key(customer), TestContext.Current.CancellationToken))?.Version ?? 0;
                }

                var expected = random.Next(6) == 0 ? version + 1 + random.Next(2) : version;
                var events = Enumerable.Range(0, random.Next(4)).Select(_ => Event($"e{random.Next(15)}", customer, random.Next(100))).ToList();
                batch.Add(new JourneyAppend { Key = Key(customer), ExpectedVersion = expected, Events = events });
                // the next expected version of this journey in the batch: an estimate that ignores ids already stored, so later
                // appends to the same journey are sometimes stale, as a real caller's might be
                versions[customer] = expected == version ? version + events.Select(e => e.EventId).Distinct().Count() : version;
            }

            var actual = await store.AppendManyAsync(batch, TestContext.Current.CancellationToken);
            var reference = new List<AppendResult>();
            foreach (var append in batch)
            {
                reference.Add(await model.AppendAsync(append.Key, append.ExpectedVersion, append.Events, TestContext.Current.CancellationToken));
            }

            Assert.Equal(reference.Select(Describe), actual.Select(Describe));
        }

        for (var c = 0; c < 8; c++)
        {
            var expected = await model.LoadAsync(Key($"c{c}"), TestContext.Current.CancellationToken);
            var stored = await store.LoadAsync(Key($"c{c}"), TestContext.Current.CancellationToken);
            Assert.Equal(expected?.Events.Select(e => (e.EventId, e.OccurredAt)) ?? [], stored?.Events.Select(e => (e.EventId, e.OccurredAt)) ?? []);
        }

        static string Describe(AppendResult r) => $"{r.Status} v{r.Version} +{r.Appended} dup[{string.Join(",", r.Duplicates ?? [])}]";
    }

    [Fact]
    public async Task AppendMany_AllConflicting_WritesNoRowAtAll()
    {
        var store = await NewStoreAsync();

        var results = await store.AppendManyAsync([new JourneyAppend { Key = Key("c1"), ExpectedVersion = 3, Events = [Event("e1", "c1")] }], TestContext.Current.CancellationToken);

        Assert.Equal(AppendStatus.Conflict, results[0].Status);
        Assert.Equal(0, await Scalar(store, "SELECT count(*) FROM {0}.journeys"));
    }

    [Fact]
    public async Task AppendMany_EventOfAnotherCustomerInALaterAppend_WritesNothingAtAll()
    {
        var store = await NewStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.AppendManyAsync(
        [
            new JourneyAppend { Key = Key("c1"), ExpectedVersion = 0, Events = [Event("e1", "c1")] },
            new JourneyAppend { Key = Key("c2"), ExpectedVersion = 0, Events = [Event("e1", "c3")] },
        ], TestContext.Current.CancellationToken));

        Assert.Null(await store.LoadAsync(Key("c1"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AppendMany_ConcurrentBatchesOverTheSameJourneysInRandomOrders_NeitherDeadlockNorLose()
    {
        var first = await NewStoreAsync();
        var stores = Enumerable.Range(0, 3).Select(_ => SameSchemaStore(first)).Prepend(first).ToList();
        var customers = Enumerable.Range(0, 40).Select(c => $"c{c}").ToList();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var store = stores[w];
            var random = new Random(w);
            for (var round = 0; round < 10; round++)
            {
                var pending = customers.OrderBy(_ => random.Next()).ToDictionary(c => c, c => new[] { Event($"w{w}r{round}", c, round), Event($"shared{round}", c, round) });
                while (pending.Count > 0)
                {
                    var versions = new Dictionary<string, long>();
                    foreach (var c in pending.Keys)
                    {
                        versions[c] = (await store.LoadAsync(Key(c), TestContext.Current.CancellationToken))?.Version ?? 0;
                    }

                    var batch = pending.Select(p => new JourneyAppend { Key = Key(p.Key), ExpectedVersion = versions[p.Key], Events = p.Value }).ToList();
                    var results = await store.AppendManyAsync(batch, TestContext.Current.CancellationToken);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        if (results[i].Status == AppendStatus.Appended)
                        {
                            pending.Remove(batch[i].Key.CustomerId);
                        }
                    }
                }
            }
        }));

        await Task.WhenAll(writers);

        foreach (var c in customers)
        {
            var ids = (await first.LoadAsync(Key(c), TestContext.Current.CancellationToken))!.Events.Select(e => e.EventId).ToList();
            Assert.Equal(4 * 10 + 10, ids.Count);
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public async Task Erase_WhileOthersAppend_LeavesNoEventWithoutItsJourney()
    {
        var store = await NewStoreAsync();
        var other = SameSchemaStore(store);
        var appender = Task.Run(async () =>
        {
            for (var i = 0; i < 150; i++)
            {
                var version = (await other.LoadAsync(Key("c1"), TestContext.Current.CancellationToken))?.Version ?? 0;
                await other.AppendAsync(Key("c1"), version, [Event($"e{i}", "c1", i)], TestContext.Current.CancellationToken);
            }
        });
        for (var i = 0; i < 30; i++)
        {
            await store.EraseCustomerAsync("c1", TestContext.Current.CancellationToken);
        }

        await appender;

        var loaded = await store.LoadAsync(Key("c1"), TestContext.Current.CancellationToken);
        var stored = await Scalar(store, "SELECT coalesce(sum(version), 0) FROM {0}.journeys");
        Assert.Equal(stored, await Scalar(store, "SELECT count(*) FROM {0}.events"));
        Assert.Equal(stored, loaded?.Version ?? 0);
        Assert.Equal(Enumerable.Range(1, (int)stored).Select(s => (long)s), await Seqs(store));
    }

    [Fact]
    public async Task ReadAll_ManyJourneys_StreamsEachOnceWithItsEventsInOrder()
    {
        var store = await NewStoreAsync();
        await store.AppendManyAsync([.. Enumerable.Range(0, 500).Select(c => new JourneyAppend { Key = Key($"c{c}"), ExpectedVersion = 0, Events = [.. Enumerable.Range(0, 1 + (c % 5)).Select(i => Event($"e{i}", $"c{c}", i))] })], TestContext.Current.CancellationToken);

        var all = new List<StoredJourney>();
        await foreach (var journey in store.ReadAllAsync("shop", TestContext.Current.CancellationToken))
        {
            all.Add(journey);
        }

        Assert.Equal(500, all.Select(j => j.Key.CustomerId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, j =>
        {
            var c = int.Parse(j.Key.CustomerId[1..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(1 + (c % 5), j.Version);
            Assert.Equal(Enumerable.Range(0, 1 + (c % 5)).Select(i => $"e{i}"), j.Events.Select(e => e.EventId));
            Assert.All(j.Events, e => Assert.Equal(j.Key.CustomerId, e.CustomerId));
        });
    }

    [Fact]
    public async Task Tracker_OverThePostgreSqlStore_SurvivesANewTrackerAndStore()
    {
        var store = await NewStoreAsync();
        var engine = CustomerJourney.Engine.JourneyEngine.Compile(CustomerJourney.Templates.JourneyTemplates.FiveStage);
        var touchpoint = engine.Definition.Touchpoints[0].Id;
        var tracker = new StoreBackedJourneyTracker(engine, store);
        await tracker.TrackAsync(new TouchpointEvent("e1", "c1", touchpoint, T0), TestContext.Current.CancellationToken);

        var again = new StoreBackedJourneyTracker(engine, SameSchemaStore(store));
        var duplicate = await again.TrackAsync(new TouchpointEvent("e1", "c1", touchpoint, T0), TestContext.Current.CancellationToken);
        var journey = await again.GetJourneyAsync("c1", TestContext.Current.CancellationToken);

        Assert.Equal(TrackOutcome.Duplicate, duplicate.Outcome);
        Assert.Equal(1, journey!.TouchCount);
    }

    private static JourneyKey Key(string customer) => new("shop", customer);

    private static TouchpointEvent Event(string id, string customer, int minute = 0) =>
        new(id, customer, "search-ad", T0.AddMinutes(minute)) { Value = 1.5m, Segment = "vip", Properties = new Dictionary<string, string> { ["utm"] = "spring" } };

    private async Task<PostgreSqlJourneyStore> NewStoreAsync()
    {
        var connectionString = PostgreSqlTestServer.ConnectionString();
        var schema = Track(PostgreSqlTestServer.NewSchema(), connectionString);
        await Task.CompletedTask;
        return Keep(new PostgreSqlJourneyStore(connectionString, schema));
    }

    private PostgreSqlJourneyStore SameSchemaStore(PostgreSqlJourneyStore store) => Keep(new PostgreSqlJourneyStore(_connectionString!, store.Schema));

    private string Track(string schema, string connectionString)
    {
        _connectionString = connectionString;
        _schemas.Add(schema);
        return schema;
    }

    private PostgreSqlJourneyStore Keep(PostgreSqlJourneyStore store)
    {
        _stores.Add(store);
        return store;
    }

    private async Task<long> Scalar(PostgreSqlJourneyStore store, string sql) =>
        await PostgreSqlTestServer.ScalarAsync(_connectionString!, string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, $"\"{store.Schema}\""));

    private async Task<List<long>> Seqs(PostgreSqlJourneyStore store)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT seq FROM \"{store.Schema}\".events ORDER BY seq", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var seqs = new List<long>();
        while (await reader.ReadAsync())
        {
            seqs.Add(reader.GetInt64(0));
        }

        return seqs;
    }
}
