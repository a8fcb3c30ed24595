using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;

namespace CustomerJourney.Tests.Versions;

/// <summary>
/// The contract of <see cref="IDefinitionVersionStore"/>, and a <see cref="VersionedJourneyTracker"/> over it across a
/// restart. A store's test class derives from this and supplies a fresh store and a way to reopen it.
/// </summary>
public abstract class DefinitionVersionStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IJourneyStore> CreateStoreAsync();

    /// <summary>A new store object over the same data as <paramref name="store"/> (a restart); the same object when nothing is durable.</summary>
    protected abstract Task<IJourneyStore> ReopenAsync(IJourneyStore store);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static JourneyKey Key(string customer) => new("shop", customer);

    private static TouchpointEvent Event(string id, string customer, string touchpoint = "search-ad", int minute = 0) =>
        new(id, customer, touchpoint, T0.AddMinutes(minute));

    [Fact]
    public async Task Record_ThenGet_ReturnsVersionAndSince_UntilAnotherVersionIsRecorded()
    {
        var store = await CreateStoreAsync();
        var versions = (IDefinitionVersionStore)store;
        await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1"), Event("e2", "c1", minute: 1)], Token);

        Assert.Null(await versions.GetDefinitionVersionAsync(Key("c1"), Token));
        Assert.True(await versions.RecordDefinitionVersionAsync(Key("c1"), "1-aaaaaaaaaaaaaaaa", 0, Token));
        Assert.False(await versions.RecordDefinitionVersionAsync(Key("c1"), "1-aaaaaaaaaaaaaaaa", 2, Token)); // same version: the first since stays
        Assert.Equal(new RecordedDefinitionVersion { Version = "1-aaaaaaaaaaaaaaaa", Since = 0 }, await versions.GetDefinitionVersionAsync(Key("c1"), Token));

        Assert.True(await versions.RecordDefinitionVersionAsync(Key("c1"), "2-bbbbbbbbbbbbbbbb", 2, Token));
        Assert.Equal(new RecordedDefinitionVersion { Version = "2-bbbbbbbbbbbbbbbb", Since = 2 }, await versions.GetDefinitionVersionAsync(Key("c1"), Token));
        Assert.Null(await versions.GetDefinitionVersionAsync(new JourneyKey("other", "c1"), Token));
    }

    [Fact]
    public async Task Record_JourneyWithoutEvents_RecordsNothing()
    {
        var store = await CreateStoreAsync();
        var versions = (IDefinitionVersionStore)store;

        Assert.False(await versions.RecordDefinitionVersionAsync(Key("nobody"), "1-aaaaaaaaaaaaaaaa", 0, Token));
        Assert.Null(await versions.GetDefinitionVersionAsync(Key("nobody"), Token));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("1-aaaaaaaaaaaaaaaa", -1)]
    public async Task Record_BadArguments_ThrowsAndRecordsNothing(string version, long since)
    {
        var store = await CreateStoreAsync();
        var versions = (IDefinitionVersionStore)store;
        await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1")], Token);

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await versions.RecordDefinitionVersionAsync(Key("c1"), version, since, Token));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await versions.RecordDefinitionVersionAsync(Key("c1"), new string('x', IDefinitionVersionStore.MaxVersionLength + 1), 0, Token));
        Assert.Null(await versions.GetDefinitionVersionAsync(Key("c1"), Token));
    }

    [Fact]
    public async Task Count_GroupsJourneysByVersion_UnrecordedUnderEmpty()
    {
        var store = await CreateStoreAsync();
        var versions = (IDefinitionVersionStore)store;
        foreach (var c in new[] { "c1", "c2", "c3", "c4" })
        {
            await store.AppendAsync(Key(c), 0, [Event("e1", c)], Token);
        }

        await store.AppendAsync(new JourneyKey("other", "c1"), 0, [Event("e1", "c1")], Token);
        await versions.RecordDefinitionVersionAsync(Key("c1"), "1-aaaaaaaaaaaaaaaa", 0, Token);
        await versions.RecordDefinitionVersionAsync(Key("c2"), "1-aaaaaaaaaaaaaaaa", 0, Token);
        await versions.RecordDefinitionVersionAsync(Key("c3"), "2-bbbbbbbbbbbbbbbb", 0, Token);

        var counts = await versions.CountDefinitionVersionsAsync("shop", Token);

        Assert.Equal(3, counts.Count);
        Assert.Equal(2, counts["1-aaaaaaaaaaaaaaaa"]);
        Assert.Equal(1, counts["2-bbbbbbbbbbbbbbbb"]);
        Assert.Equal(1, counts[string.Empty]);
    }

    [Fact]
    public async Task Erase_RemovesRecordedVersion_ANewJourneyStartsUnrecorded()
    {
        var store = await CreateStoreAsync();
        var versions = (IDefinitionVersionStore)store;
        await store.AppendAsync(Key("c1"), 0, [Event("e1", "c1")], Token);
        await versions.RecordDefinitionVersionAsync(Key("c1"), "1-aaaaaaaaaaaaaaaa", 0, Token);

        Assert.Equal(1, await store.EraseCustomerAsync("c1", Token));
        Assert.Null(await versions.GetDefinitionVersionAsync(Key("c1"), Token));
        await store.AppendAsync(Key("c1"), 0, [Event("e9", "c1")], Token);

        Assert.Null(await versions.GetDefinitionVersionAsync(Key("c1"), Token));
        Assert.Equal(1, (await versions.CountDefinitionVersionsAsync("shop", Token))[string.Empty]);
    }

    [Fact]
    public async Task SaveDefinition_KeepsFirstDocumentPerVersion_SurvivesReopen()
    {
        var store = await CreateStoreAsync();
        var versions = (IDefinitionVersionStore)store;

        await versions.SaveDefinitionAsync("shop", "1-aaaaaaaaaaaaaaaa", "{\"first\":true}", Token);
        await versions.SaveDefinitionAsync("shop", "1-aaaaaaaaaaaaaaaa", "{\"second\":true}", Token);
        await versions.SaveDefinitionAsync("shop", "2-bbbbbbbbbbbbbbbb", "{\"v2\":true}", Token);
        var reopened = (IDefinitionVersionStore)await ReopenAsync(store);

        Assert.Equal("{\"first\":true}", await reopened.LoadDefinitionAsync("shop", "1-aaaaaaaaaaaaaaaa", Token));
        Assert.Equal("{\"v2\":true}", await reopened.LoadDefinitionAsync("shop", "2-bbbbbbbbbbbbbbbb", Token));
        Assert.Null(await reopened.LoadDefinitionAsync("shop", "3-cccccccccccccccc", Token));
        Assert.Null(await reopened.LoadDefinitionAsync("other", "1-aaaaaaaaaaaaaaaa", Token));
    }

    [Fact]
    public async Task KeepStartedVersion_AfterRestartWithNewDefinition_OldJourneysStayOnTheirVersion_NewOnesFollowTheNew()
    {
        var v1 = VersionedDefinitions.V1;
        var v2 = VersionedDefinitions.V2;
        var store = await CreateStoreAsync();
        var before = new VersionedJourneyTracker(JourneyEngine.Compile(v1), store, new DefinitionVersioningOptions { Policy = DefinitionChangePolicy.KeepStartedVersion });
        await before.TrackAsync(Event("e1", "old", "ad", 0), Token);

        // the host restarts with v2 only: v1 comes back from the store's documents
        var reopened = await ReopenAsync(store);
        var after = new VersionedJourneyTracker(JourneyEngine.Compile(v2), reopened, new DefinitionVersioningOptions { Policy = DefinitionChangePolicy.KeepStartedVersion });
        var oldResult = await after.TrackAsync(Event("e2", "old", "ad", 1), Token);
        var newResult = await after.TrackAsync(Event("e1", "new", "ad", 2), Token);

        Assert.Equal(DefinitionVersion.Of(v1).ToString(), await after.GetFoldVersionAsync("old", Token));
        Assert.Equal("interest", oldResult.To); // v1: ad moves to interest
        Assert.Equal("cart", newResult.To); // v2: ad moves to cart
        Assert.Equal(new RecordedDefinitionVersion { Version = DefinitionVersion.Of(v1).ToString(), Since = 0 }, await after.GetDefinitionVersionAsync("old", Token));
        Assert.Equal(new RecordedDefinitionVersion { Version = DefinitionVersion.Of(v2).ToString(), Since = 0 }, await after.GetDefinitionVersionAsync("new", Token));
        Assert.Equal("interest", (await after.GetJourneyAsync("old", Token))!.Stage);
    }

    [Fact]
    public async Task Refold_AfterRestartWithNewDefinition_RecordsTheNewVersionFromTheNextEvent()
    {
        var store = await CreateStoreAsync();
        var before = new VersionedJourneyTracker(JourneyEngine.Compile(VersionedDefinitions.V1), store);
        await before.TrackAsync(Event("e1", "c1", "ad", 0), Token);
        await before.TrackAsync(Event("e2", "c1", "browse", 1), Token);

        var reopened = await ReopenAsync(store);
        var after = new VersionedJourneyTracker(JourneyEngine.Compile(VersionedDefinitions.V2), reopened);
        Assert.Equal("cart", (await after.GetJourneyAsync("c1", Token))!.Stage); // read: re-folded under v2, nothing recorded yet
        Assert.Equal(new RecordedDefinitionVersion { Version = DefinitionVersion.Of(VersionedDefinitions.V1).ToString(), Since = 0 }, await after.GetDefinitionVersionAsync("c1", Token));

        await after.TrackAsync(Event("e3", "c1", "browse", 2), Token);

        Assert.Equal(new RecordedDefinitionVersion { Version = DefinitionVersion.Of(VersionedDefinitions.V2).ToString(), Since = 2 }, await after.GetDefinitionVersionAsync("c1", Token));
    }
}
