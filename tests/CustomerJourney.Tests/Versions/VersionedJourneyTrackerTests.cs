using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;

namespace CustomerJourney.Tests.Versions;

/// <summary>The versioned tracker's policies, on the in-memory store.</summary>
public sealed class VersionedJourneyTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static TouchpointEvent Event(string id, string customer, string touchpoint, int minute) => new(id, customer, touchpoint, T0.AddMinutes(minute));

    private static string V(JourneyDefinition definition) => DefinitionVersion.Of(definition).ToString();

    private static DefinitionVersioningOptions Keep(params JourneyDefinition[] earlier)
    {
        var options = new DefinitionVersioningOptions { Policy = DefinitionChangePolicy.KeepStartedVersion };
        foreach (var definition in earlier)
        {
            options.EarlierVersions.Add(definition);
        }

        return options;
    }

    [Fact]
    public async Task KeepStartedVersion_JourneysWrittenBeforeVersioning_FollowTheUnrecordedVersion()
    {
        var store = new InMemoryJourneyStore();
        var plain = new StoreBackedJourneyTracker(JourneyEngine.Compile(VersionedDefinitions.V1), store);
        await plain.TrackAsync(Event("e1", "legacy", "browse", 0), Token);
        var options = Keep(VersionedDefinitions.V1);
        options.UnrecordedVersion = DefinitionVersion.Of(VersionedDefinitions.V1);
        var tracker = new VersionedJourneyTracker(JourneyEngine.Compile(VersionedDefinitions.V2), store, options);

        var result = await tracker.TrackAsync(Event("e2", "legacy", "ad", 1), Token);

        Assert.Equal("interest", result.To);
        Assert.Equal(new RecordedDefinitionVersion { Version = V(VersionedDefinitions.V1), Since = 0 }, await tracker.GetDefinitionVersionAsync("legacy", Token));
    }

    [Fact]
    public async Task KeepStartedVersion_VersionNeitherRegisteredNorStored_ThrowsTypedError_AndLosesNothing()
    {
        var store = new InMemoryJourneyStore();
        await store.AppendAsync(new JourneyKey("shop", "c1"), 0, [Event("e1", "c1", "ad", 0)], Token);
        await store.RecordDefinitionVersionAsync(new JourneyKey("shop", "c1"), "7-0123456789abcdef", 0, Token);
        var tracker = new VersionedJourneyTracker(JourneyEngine.Compile(VersionedDefinitions.V2), store, Keep());

        var error = await Assert.ThrowsAsync<DefinitionVersionUnavailableException>(async () => await tracker.TrackAsync(Event("e2", "c1", "ad", 1), Token));

        Assert.Equal(("shop", "7-0123456789abcdef", "c1"), (error.DefinitionName, error.Version, error.CustomerId));
        Assert.Equal(1, (await store.LoadAsync(new JourneyKey("shop", "c1"), Token))!.Version);
        Assert.Equal("7-0123456789abcdef", (await store.GetDefinitionVersionAsync(new JourneyKey("shop", "c1"), Token))!.Version);
    }

    [Fact]
    public async Task TrackBatch_AcrossVersions_EqualsTrackingOneByOne()
    {
        var events = new[]
        {
            Event("e1", "old", "ad", 0), Event("e1", "new", "ad", 1), Event("e2", "old", "checkout", 2),
            Event("e2", "new", "browse", 3), Event("e3", "old", "nonsense", 4), Event("e3", "new", "checkout", 5),
        };

        async Task<(IReadOnlyList<TrackResult> Results, string?[] Recorded)> RunAsync(bool batch)
        {
            var store = new InMemoryJourneyStore();
            await new VersionedJourneyTracker(JourneyEngine.Compile(VersionedDefinitions.V1), store, Keep()).TrackAsync(Event("e0", "old", "browse", -1), Token);
            var tracker = new VersionedJourneyTracker(JourneyEngine.Compile(VersionedDefinitions.V2), store, Keep());
            var results = batch ? await tracker.TrackBatchAsync(events, Token) : await OneByOneAsync(tracker);
            return (results, [(await tracker.GetDefinitionVersionAsync("old", Token))?.Version, (await tracker.GetDefinitionVersionAsync("new", Token))?.Version]);
        }

        async Task<IReadOnlyList<TrackResult>> OneByOneAsync(VersionedJourneyTracker tracker)
        {
            var results = new List<TrackResult>();
            foreach (var e in events)
            {
                results.Add(await tracker.TrackAsync(e, Token));
            }

            return results;
        }

        var one = await RunAsync(batch: false);
        var many = await RunAsync(batch: true);

        Assert.Equal(one.Results, many.Results);
        Assert.Equal(one.Recorded, many.Recorded);
        Assert.Equal(["interest", "cart"], one.Results.Where(r => r.CustomerId == "old" && r.IsRecorded).Select(r => r.To)); // v1: ad to interest
        Assert.Equal("cart", one.Results[1].To); // v2: ad to cart
        Assert.Equal(TrackOutcome.Rejected, one.Results[4].Outcome);
        Assert.Equal([V(VersionedDefinitions.V1), V(VersionedDefinitions.V2)], one.Recorded);
    }

    [Fact]
    public async Task Refold_JourneyRecordedUnderV1_IsReadUnderV2_AndItsNextWriteMovesTheRecord()
    {
        var store = new InMemoryJourneyStore();
        await new VersionedJourneyTracker(JourneyEngine.Compile(VersionedDefinitions.V1), store).TrackAsync(Event("e1", "c1", "ad", 0), Token);
        var tracker = new VersionedJourneyTracker(JourneyEngine.Compile(VersionedDefinitions.V2), store);

        Assert.Equal("cart", (await tracker.GetJourneyAsync("c1", Token))!.Stage);
        Assert.Equal(V(VersionedDefinitions.V1), (await tracker.GetDefinitionVersionAsync("c1", Token))!.Version);
        var result = await tracker.TrackAsync(Event("e2", "c1", "browse", 1), Token);

        Assert.Equal(("cart", "cart"), (result.From, result.To)); // the event moved nothing: the move to cart was the re-fold's
        Assert.Equal(new RecordedDefinitionVersion { Version = V(VersionedDefinitions.V2), Since = 1 }, await tracker.GetDefinitionVersionAsync("c1", Token));
        Assert.Equal(V(VersionedDefinitions.V2), await tracker.GetFoldVersionAsync("c1", Token));
    }

    [Fact]
    public async Task Refold_BatchOfSeveralEvents_RecordsTheNewVersionFromBeforeItsFirstEvent()
    {
        var store = new InMemoryJourneyStore();
        await new VersionedJourneyTracker(JourneyEngine.Compile(VersionedDefinitions.V1), store).TrackAsync(Event("e1", "c1", "browse", 0), Token);
        var tracker = new VersionedJourneyTracker(JourneyEngine.Compile(VersionedDefinitions.V2), store);

        var results = await tracker.TrackBatchAsync([Event("e2", "c1", "ad", 1), Event("e3", "c1", "checkout", 2), Event("e1", "c2", "ad", 3)], Token);

        Assert.Equal([2L, 3L, 1L], results.Select(r => r.Version));
        Assert.Equal(new RecordedDefinitionVersion { Version = V(VersionedDefinitions.V2), Since = 1 }, await tracker.GetDefinitionVersionAsync("c1", Token));
        Assert.Equal(new RecordedDefinitionVersion { Version = V(VersionedDefinitions.V2), Since = 0 }, await tracker.GetDefinitionVersionAsync("c2", Token));
    }

    [Fact]
    public async Task Erase_RemovesJourneyAndRecordedVersion()
    {
        var store = new InMemoryJourneyStore();
        var tracker = new VersionedJourneyTracker(JourneyEngine.Compile(VersionedDefinitions.V1), store, Keep());
        await tracker.TrackAsync(Event("e1", "c1", "ad", 0), Token);

        Assert.True(await tracker.EraseAsync("c1", Token));

        Assert.Null(await tracker.GetJourneyAsync("c1", Token));
        Assert.Null(await tracker.GetDefinitionVersionAsync("c1", Token));
        Assert.Empty(await store.CountDefinitionVersionsAsync("shop", Token));
    }

    [Fact]
    public void Create_StoreWithoutVersions_OrEarlierVersionOfAnotherName_IsRefused()
    {
        var engine = JourneyEngine.Compile(VersionedDefinitions.V1);
        var other = new JourneyBuilder("other").Stage("a", s => s.Goal().Terminal().PermitReentry("t")).Touchpoint("t", "web").StartAt("a").Build();
        var options = new DefinitionVersioningOptions();
        options.EarlierVersions.Add(other);

        var noVersions = Assert.Throws<ArgumentException>(() => new VersionedJourneyTracker(engine, new PlainStore()));
        var wrongName = Assert.Throws<ArgumentException>(() => new VersionedJourneyTracker(engine, new InMemoryJourneyStore(), options));

        Assert.Contains(nameof(IDefinitionVersionStore), noVersions.Message, StringComparison.Ordinal);
        Assert.Contains("'other'", wrongName.Message, StringComparison.Ordinal);
    }

    /// <summary>A store that records no definition versions.</summary>
    private sealed class PlainStore : IJourneyStore
    {
        private readonly InMemoryJourneyStore _inner = new();

        public ValueTask DisposeAsync() => _inner.DisposeAsync();

        public ValueTask<StoredJourney?> LoadAsync(JourneyKey key, CancellationToken cancellationToken = default) => _inner.LoadAsync(key, cancellationToken);

        public ValueTask<AppendResult> AppendAsync(JourneyKey key, long expectedVersion, IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default) =>
            _inner.AppendAsync(key, expectedVersion, events, cancellationToken);

        public IAsyncEnumerable<StoredJourney> ReadAllAsync(string definitionName, CancellationToken cancellationToken = default) => _inner.ReadAllAsync(definitionName, cancellationToken);

        public ValueTask<int> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default) => _inner.EraseCustomerAsync(customerId, cancellationToken);
    }
}
