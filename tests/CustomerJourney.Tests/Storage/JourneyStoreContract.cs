using CustomerJourney.Storage;
using CustomerJourney.Tracking;

namespace CustomerJourney.Tests.Storage;

/// <summary>
/// The contract every <see cref="IJourneyStore"/> must meet. A store's test class derives from this and supplies a fresh,
/// empty store; every store runs exactly these tests.
/// </summary>
public abstract partial class JourneyStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A new, empty store (for durable stores: an empty database or schema).</summary>
    protected abstract Task<IJourneyStore> CreateStoreAsync();

    private static JourneyKey Key(string customer, string definition = "shop") => new(definition, customer);

    private static TouchpointEvent Event(string id, string customer, int minute = 0, decimal? value = null) =>
        new(id, customer, "search-ad", T0.AddMinutes(minute)) { Value = value, Segment = "vip", Properties = new Dictionary<string, string> { ["utm"] = "spring" } };

    [Fact]
    public async Task Load_UnknownJourney_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.LoadAsync(Key("nobody")));
    }

    [Fact]
    public async Task Append_NewJourney_StoresEventsAndVersion()
    {
        var store = await CreateStoreAsync();

        var result = await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1", 1, 9.5m), Event("e2", "c1", 2)]);
        var loaded = await store.LoadAsync(Key("c1"));

        Assert.Equal(new AppendResult { Status = AppendStatus.Appended, Version = 2, Appended = 2 }, result);
        Assert.NotNull(loaded);
        Assert.Equal(2, loaded.Version);
        Assert.Equal(["e1", "e2"], loaded.Events.Select(e => e.EventId));
        var first = loaded.Events[0];
        Assert.Equal(T0.AddMinutes(1), first.OccurredAt);
        Assert.Equal(9.5m, first.Value);
        Assert.Equal("vip", first.Segment);
        Assert.Equal("spring", first.Properties!["utm"]);
        Assert.Equal("search-ad", first.Touchpoint);
    }

    [Fact]
    public async Task LoadMany_ReturnsEachJourneyInOrder_NullForUnknown()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1", 1, 2.5m), Event("e2", "c1", 2)]);
        await store.AppendAsync(Key("c3"), 0, [Event("e1", "c3", 3)]);

        var loaded = await store.LoadManyAsync([Key("c3"), Key("nobody"), Key("c1"), Key("c1", "other")]);

        Assert.Equal(4, loaded.Count);
        Assert.Equal(["e1"], loaded[0]!.Events.Select(e => e.EventId));
        Assert.Null(loaded[1]);
        Assert.Equal((2L, 2.5m), (loaded[2]!.Version, loaded[2]!.Events[0].Value));
        Assert.Null(loaded[3]);
    }

    [Fact]
    public async Task Append_StaleVersion_ConflictsAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1")]);

        var result = await store.AppendAsync(Key("c1"), 0, [Event("e2", "c1")]);

        Assert.Equal(AppendStatus.Conflict, result.Status);
        Assert.Equal(1, result.Version);
        Assert.Equal(["e1"], (await store.LoadAsync(Key("c1")))!.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task Append_RepeatedEventId_IsADuplicateNeverASecondRow()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1")]);

        var result = await store.AppendAsync(Key("c1"), 1, [Event("e1", "c1", 5), Event("e2", "c1", 6), Event("e2", "c1", 7)]);

        Assert.Equal(AppendStatus.Appended, result.Status);
        Assert.Equal(1, result.Appended);
        Assert.Equal(2, result.Version);
        Assert.Equal(["e1", "e2"], result.Duplicates!.Order(StringComparer.Ordinal));
        Assert.Equal(["e1", "e2"], (await store.LoadAsync(Key("c1")))!.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task Append_SameEventIdForAnotherCustomer_IsNotADuplicate()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1")]);

        var result = await store.AppendAsync(Key("c2"), 0, [Event("e1", "c2")]);

        Assert.Equal(1, result.Appended);
    }

    [Fact]
    public async Task Append_EventOfAnotherCustomer_IsRefused()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.AppendAsync(Key("c1"), 0, [Event("e1", "c2")]));
        Assert.Null(await store.LoadAsync(Key("c1")));
    }

    [Fact]
    public async Task ReadAll_StreamsEveryJourneyOfTheDefinitionOnly()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1")]);
        await store.AppendAsync(Key("c2"), 0, [Event("e1", "c2"), Event("e2", "c2")]);
        await store.AppendAsync(Key("c3", "other"), 0, [Event("e1", "c3")]);

        var all = new List<StoredJourney>();
        await foreach (var journey in store.ReadAllAsync("shop"))
        {
            all.Add(journey);
        }

        Assert.Equal(["c1", "c2"], all.Select(j => j.Key.CustomerId).Order(StringComparer.Ordinal));
        Assert.Equal(2, all.Single(j => j.Key.CustomerId == "c2").Version);
    }

    [Fact]
    public async Task Erase_RemovesEveryJourneyOfTheCustomerAndNothingElse()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1")]);
        await store.AppendAsync(Key("c1", "other"), 0, [Event("e1", "c1")]);
        await store.AppendAsync(Key("c2"), 0, [Event("e1", "c2")]);

        var erased = await store.EraseCustomerAsync("c1");

        Assert.Equal(2, erased);
        Assert.Null(await store.LoadAsync(Key("c1")));
        Assert.Null(await store.LoadAsync(Key("c1", "other")));
        Assert.NotNull(await store.LoadAsync(Key("c2")));
        Assert.Equal(1, (await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1")])).Appended);
    }

    [Fact]
    public async Task AppendMany_AppliesEachAppendAsAppendWould()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1")]);

        var results = await store.AppendManyAsync(
        [
            new JourneyAppend { Key = Key("c1"), ExpectedVersion = 1, Events = [Event("e2", "c1")] },
            new JourneyAppend { Key = Key("c2"), ExpectedVersion = 5, Events = [Event("e1", "c2")] },
            new JourneyAppend { Key = Key("c3"), ExpectedVersion = 0, Events = [Event("e1", "c3")] },
        ]);

        Assert.Equal([AppendStatus.Appended, AppendStatus.Conflict, AppendStatus.Appended], results.Select(r => r.Status));
        Assert.Null(await store.LoadAsync(Key("c2")));
        Assert.Equal(2, (await store.LoadAsync(Key("c1")))!.Version);
    }

    [Fact]
    public async Task RandomOperations_MatchASimpleModel()
    {
        var store = await CreateStoreAsync();
        var random = new Random(20261127);
        var model = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var step = 0; step < 400; step++)
        {
            var customer = $"c{random.Next(6)}";
            var events = model.GetValueOrDefault(customer) ?? [];
            switch (random.Next(10))
            {
                case 0:
                    await store.EraseCustomerAsync(customer);
                    model.Remove(customer);
                    break;
                case 1:
                    var stale = await store.AppendAsync(Key(customer), events.Count + 1 + random.Next(3), [Event($"x{step}", customer)]);
                    Assert.Equal(AppendStatus.Conflict, stale.Status);
                    break;
                default:
                    var batch = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => $"e{random.Next(12)}").ToList();
                    var result = await store.AppendAsync(Key(customer), events.Count, batch.Select((id, i) => Event(id, customer, step + i)).ToList());
                    var fresh = batch.Distinct(StringComparer.Ordinal).Where(id => !events.Contains(id, StringComparer.Ordinal)).ToList();
                    events.AddRange(fresh);
                    model[customer] = events;
                    Assert.Equal(AppendStatus.Appended, result.Status);
                    Assert.Equal(fresh.Count, result.Appended);
                    Assert.Equal(events.Count, result.Version);
                    break;
            }

            var loaded = await store.LoadAsync(Key(customer));
            Assert.Equal(model.GetValueOrDefault(customer) ?? [], loaded?.Events.Select(e => e.EventId).ToList() ?? []);
        }
    }

    [Fact]
    public async Task ConcurrentAppends_OnOneJourney_NeverLoseOrDoubleAnEvent()
    {
        var store = await CreateStoreAsync();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var e = Event($"w{w}-{i}", "c1", i);
                while (true)
                {
                    var version = (await store.LoadAsync(Key("c1")))?.Version ?? 0;
                    if ((await store.AppendAsync(Key("c1"), version, [e])).Status == AppendStatus.Appended)
                    {
                        break;
                    }
                }
            }
        }));

        await Task.WhenAll(writers);
        var loaded = await store.LoadAsync(Key("c1"));

        Assert.Equal(200, loaded!.Version);
        Assert.Equal(200, loaded.Events.Select(e => e.EventId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task ReadSince_PagesThroughEveryEventOnce_InPositionOrder_WithKeysAndSequences()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1", 1, 2.5m), Event("e2", "c1", 2)]);
        await store.AppendAsync(Key("c2", "other"), 0, [Event("e1", "c2", 3)]);
        await store.AppendManyAsync([new JourneyAppend { Key = Key("c3"), ExpectedVersion = 0, Events = [Event("x", "c3", 4)] }, new JourneyAppend { Key = Key("c1"), ExpectedVersion = 2, Events = [Event("e3", "c1", 5), Event("e1", "c1", 6)] }]);

        var all = new List<StoredEvent>();
        long after = 0;
        while (await store.ReadSinceAsync(after, 2) is { Count: > 0 } page)
        {
            Assert.True(page.Count <= 2);
            all.AddRange(page);
            after = page[^1].Position;
        }

        Assert.Equal(["c1/e1", "c1/e2", "c2/e1", "c3/x", "c1/e3"], all.Select(e => $"{e.Key.CustomerId}/{e.Event.EventId}"));
        Assert.Equal([1L, 2, 1, 1, 3], all.Select(e => e.Sequence));
        Assert.Equal(["shop", "shop", "other", "shop", "shop"], all.Select(e => e.Key.DefinitionName));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions increase");
        Assert.True(all[0].Position > 0);
        Assert.Equal(2.5m, all[0].Event.Value);
        Assert.Equal("spring", all[0].Event.Properties!["utm"]);
        Assert.Equal(T0.AddMinutes(3), all[2].Event.OccurredAt);
        Assert.Empty(await store.ReadSinceAsync(all[^1].Position, 10));
        Assert.Equal(["c3/x", "c1/e3"], (await store.ReadSinceAsync(all[2].Position, 10)).Select(e => $"{e.Key.CustomerId}/{e.Event.EventId}"));
    }

    [Fact]
    public async Task ReadSince_AfterErase_SkipsErasedEvents_AndNeverReusesTheirPositions()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(Key("keep"), 0, [Event("e1", "keep")]);
        await store.AppendAsync(Key("gone"), 0, [Event("e1", "gone"), Event("e2", "gone")]);
        var before = await store.ReadSinceAsync(0, 100);

        await store.EraseCustomerAsync("gone");
        await store.AppendAsync(Key("new"), 0, [Event("e1", "new")]);
        var after = await store.ReadSinceAsync(0, 100);

        Assert.Equal(["keep", "new"], after.Select(e => e.Key.CustomerId));
        Assert.True(after[1].Position > before[^1].Position, "a new event's position is above every position ever handed out");
    }

    [Fact]
    public async Task ReadSince_RejectsBadArguments()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ReadSinceAsync(-1, 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ReadSinceAsync(0, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ReadSinceAsync(0, 100_001));
    }

    [Fact]
    public async Task ReadSince_WhileWritersAppend_ReturnsEveryEventExactlyOnce_InPositionOrder()
    {
        var store = await CreateStoreAsync();
        var random = new Random(7);
        const int Writers = 3, Batches = 30;
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var plans = Enumerable.Range(0, Writers).Select(w => Enumerable.Range(0, Batches).Select(b =>
        {
            var customer = $"w{w}-c{random.Next(5)}";
            var events = Enumerable.Range(0, 1 + random.Next(4)).Select(i => Event($"w{w}-b{b}-{i}", customer, b)).ToList();
            lock (expected)
            {
                foreach (var e in events)
                {
                    expected.Add($"{customer}/{e.EventId}");
                }
            }

            return (Customer: customer, Events: events);
        }).ToList()).ToList();

        using var done = new CancellationTokenSource();
        var seen = new List<StoredEvent>();
        var reader = Task.Run(async () =>
        {
            long after = 0;
            while (true)
            {
                var finished = done.IsCancellationRequested;
                var page = await store.ReadSinceAsync(after, 3);
                seen.AddRange(page);
                if (page.Count > 0)
                {
                    after = page[^1].Position;
                }
                else if (finished)
                {
                    return;
                }
            }
        });
        var writers = plans.Select(plan => Task.Run(async () =>
        {
            foreach (var (customer, events) in plan)
            {
                while (true)
                {
                    var version = (await store.LoadAsync(Key(customer)))?.Version ?? 0;
                    if ((await store.AppendAsync(Key(customer), version, events)).Status == AppendStatus.Appended)
                    {
                        break;
                    }
                }
            }
        })).ToList();

        await Task.WhenAll(writers);
        await done.CancelAsync();
        await reader;

        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions strictly increase across pages");
        var keys = seen.Select(e => $"{e.Key.CustomerId}/{e.Event.EventId}").ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.True(expected.SetEquals(keys), "the feed returned every appended event");
    }
}
