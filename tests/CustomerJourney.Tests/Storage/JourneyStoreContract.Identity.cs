using CustomerJourney.Storage;

namespace CustomerJourney.Tests.Storage;

/// <summary>The identity links every store keeps: the rule, durability of the group, merged enumeration and erasure.</summary>
public abstract partial class JourneyStoreContract
{
    private static readonly DateTimeOffset L0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    private static TouchpointEvent At(string id, string customer, int minute) => new(id, customer, "search-ad", L0.AddMinutes(minute));

    [Fact]
    public async Task Resolve_UnlinkedId_IsAGroupOfOne()
    {
        var store = await CreateStoreAsync();

        var groups = await store.ResolveManyAsync(["nobody", "c1"]);

        Assert.Equal([IdentityGroup.Single("nobody"), IdentityGroup.Single("c1")], groups);
        Assert.False(groups[0].IsLinked);
    }

    [Fact]
    public async Task Link_Id_JoinsTheCustomersGroup()
    {
        var store = await CreateStoreAsync();

        var result = await store.LinkAsync("anon-1", "c1");

        Assert.Equal(new LinkResult { Outcome = LinkOutcome.Linked, Id = "anon-1", CustomerId = "c1" }, result);
        Assert.Equal(new IdentityGroup { CustomerId = "c1", Ids = ["anon-1", "c1"] }, await store.ResolveAsync("anon-1"));
        Assert.Equal(new IdentityGroup { CustomerId = "c1", Ids = ["anon-1", "c1"] }, await store.ResolveAsync("c1"));
    }

    [Fact]
    public async Task Link_Twice_IsAlreadyLinkedAndChangesNothing()
    {
        var store = await CreateStoreAsync();
        await store.LinkAsync("anon-1", "c1");

        var again = await store.LinkAsync("anon-1", "c1");
        var reversed = await store.LinkAsync("c1", "anon-1");
        var self = await store.LinkAsync("c2", "c2");

        Assert.Equal(new LinkResult { Outcome = LinkOutcome.AlreadyLinked, Id = "anon-1", CustomerId = "c1" }, again);
        Assert.Equal(new LinkResult { Outcome = LinkOutcome.AlreadyLinked, Id = "c1", CustomerId = "c1" }, reversed);
        Assert.Equal(LinkOutcome.AlreadyLinked, self.Outcome);
        Assert.Equal(new IdentityGroup { CustomerId = "c1", Ids = ["anon-1", "c1"] }, await store.ResolveAsync("c1"));
        Assert.Equal(IdentityGroup.Single("c2"), await store.ResolveAsync("c2"));
    }

    [Fact]
    public async Task Link_ToALinkedId_FollowsTheChainToItsCustomer()
    {
        var store = await CreateStoreAsync();
        await store.LinkAsync("device-1", "anon-1");
        await store.LinkAsync("anon-1", "c1"); // anon-1's group (with device-1) joins c1

        var result = await store.LinkAsync("device-2", "device-1"); // device-1 stands for c1

        Assert.Equal(new LinkResult { Outcome = LinkOutcome.Linked, Id = "device-2", CustomerId = "c1" }, result);
        Assert.Equal(new IdentityGroup { CustomerId = "c1", Ids = ["anon-1", "c1", "device-1", "device-2"] }, await store.ResolveAsync("device-1"));
    }

    [Fact]
    public async Task Link_AnIdLinkedElsewhere_IsAConflictAndTheFirstLinkWins()
    {
        var store = await CreateStoreAsync();
        await store.LinkAsync("shared-tablet", "c1");

        var result = await store.LinkAsync("shared-tablet", "c2");

        Assert.Equal(LinkOutcome.Conflict, result.Outcome);
        Assert.Equal("c1", result.CustomerId);
        Assert.Contains("'shared-tablet' is already linked to customer 'c1'", result.Reason, StringComparison.Ordinal);
        Assert.Equal(new IdentityGroup { CustomerId = "c1", Ids = ["c1", "shared-tablet"] }, await store.ResolveAsync("shared-tablet"));
        Assert.Equal(IdentityGroup.Single("c2"), await store.ResolveAsync("c2"));
    }

    [Fact]
    public async Task Link_ACustomerId_MergesItsWholeGroup()
    {
        var store = await CreateStoreAsync();
        await store.LinkAsync("anon-1", "c1");
        await store.LinkAsync("anon-2", "c2");

        var result = await store.LinkAsync("c2", "c1");

        Assert.Equal(new LinkResult { Outcome = LinkOutcome.Linked, Id = "c2", CustomerId = "c1" }, result);
        Assert.Equal(new IdentityGroup { CustomerId = "c1", Ids = ["anon-1", "anon-2", "c1", "c2"] }, await store.ResolveAsync("anon-2"));
    }

    [Fact]
    public async Task Link_EmptyId_IsRejected()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.LinkAsync("", "c1"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.LinkAsync("anon-1", ""));
        Assert.Equal(IdentityGroup.Single("c1"), await store.ResolveAsync("c1"));
    }

    [Fact]
    public async Task ReadAll_LinkedIds_YieldOneMergedJourneyUnderTheCustomer()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(new JourneyKey("shop", "anon-1"), 0, [At("a1", "anon-1", 1), At("shared", "anon-1", 2)]);
        await store.AppendAsync(new JourneyKey("shop", "c1"), 0, [At("c1-1", "c1", 0), At("shared", "c1", 2), At("c1-2", "c1", 3)]);
        await store.AppendAsync(new JourneyKey("shop", "c2"), 0, [At("x", "c2", 5)]);
        await store.AppendAsync(new JourneyKey("other", "anon-1"), 0, [At("o1", "anon-1", 1)]);

        await store.LinkAsync("anon-1", "c1");
        var journeys = new List<StoredJourney>();
        await foreach (var journey in store.ReadAllAsync("shop"))
        {
            journeys.Add(journey);
        }

        var other = new List<StoredJourney>();
        await foreach (var journey in store.ReadAllAsync("other"))
        {
            other.Add(journey);
        }

        Assert.Equal(["c1", "c2"], journeys.Select(j => j.Key.CustomerId).Order(StringComparer.Ordinal));
        var merged = journeys.Single(j => j.Key.CustomerId == "c1");
        Assert.Equal(["c1-1", "a1", "shared", "c1-2"], merged.Events.Select(e => e.EventId));
        Assert.All(merged.Events, e => Assert.Equal("c1", e.CustomerId));
        Assert.Equal(4, merged.Version);
        Assert.Equal(["o1"], other.Single(j => j.Key.CustomerId == "c1").Events.Select(e => e.EventId));
        Assert.Equal(["a1", "shared"], (await store.LoadAsync(new JourneyKey("shop", "anon-1")))!.Events.Select(e => e.EventId)); // stored events stay where they were
    }

    [Fact]
    public async Task Erase_AnyIdOfAGroup_ErasesEveryLinkedIdAndTheLinks()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(new JourneyKey("shop", "anon-1"), 0, [At("a1", "anon-1", 1)]);
        await store.AppendAsync(new JourneyKey("shop", "c1"), 0, [At("c1-1", "c1", 0)]);
        await store.AppendAsync(new JourneyKey("other", "device-1"), 0, [At("d1", "device-1", 0)]);
        await store.AppendAsync(new JourneyKey("shop", "c2"), 0, [At("x", "c2", 5)]);
        await store.LinkAsync("anon-1", "c1");
        await store.LinkAsync("device-1", "anon-1");

        var erased = await store.EraseCustomerAsync("anon-1");

        Assert.Equal(3, erased);
        foreach (var id in new[] { "anon-1", "c1", "device-1" })
        {
            Assert.Null(await store.LoadAsync(new JourneyKey("shop", id)));
            Assert.Null(await store.LoadAsync(new JourneyKey("other", id)));
            Assert.Equal(IdentityGroup.Single(id), await store.ResolveAsync(id));
        }

        var left = new List<string>();
        await foreach (var journey in store.ReadAllAsync("shop"))
        {
            left.Add(journey.Key.CustomerId);
        }

        Assert.Equal(["c2"], left);
        var feed = await store.ReadSinceAsync(0, 1000);
        Assert.Equal(["x"], feed.Select(e => e.Event.EventId));
    }
}
