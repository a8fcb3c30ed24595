using CustomerJourney.Analytics;
using CustomerJourney.PostgreSql;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Tests.Storage;
using CustomerJourney.Tracking;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Data.Sqlite;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Identity;

/// <summary>
/// Identity merging as properties over generated definitions, events and link trees: the merged journey equals tracking
/// every event of the linked ids under one id, wherever the links fall among the events (before, between, after), made
/// once or twice; the same for the in-memory tracker, the store-backed tracker and the store's enumeration; and erasing
/// any id of the group afterwards leaves nothing of any of its ids in the store.
/// </summary>
public sealed class IdentityMergeProperties
{
    [Property(MaxTest = 150)]
    public Property InMemoryTracker_MergeEqualsTrackingEveryEventUnderOneId_WhereverTheLinksFall() =>
        Prop.ForAll(IdentityScenario.Arbitrary(), Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), (scenario, seed) =>
        {
            var engine = Compile(scenario.Journey);
            var expected = scenario.ExpectedGroupView(engine);
            foreach (var arrangement in new[] { scenario, scenario.Reordered(seed) })
            {
                var tracker = new JourneyTracker(engine, timeProvider: Clock());
                arrangement.RunAsync(tracker).GetAwaiter().GetResult();
                AssertJourneys(arrangement, engine, expected, id => tracker.GetJourney(id));
                Assert.Equal(IdentityScenario.Root, tracker.GetIdentity(scenario.Group[^1]).CustomerId);
            }

            return Prop.ToProperty(true).Classify(scenario.Links.Count > 1, "chains or siblings").Classify(scenario.Events.Count > 0 && scenario.Links.Count > 0, "events and links");
        });

    [Property(MaxTest = 100)]
    public Property InMemoryTracker_LinkingTwice_ChangesNothing() =>
        Prop.ForAll(IdentityScenario.Arbitrary(), Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), (scenario, seed) =>
        {
            var engine = Compile(scenario.Journey);
            var once = new JourneyTracker(engine, timeProvider: Clock());
            scenario.RunAsync(once).GetAwaiter().GetResult();
            var twice = new JourneyTracker(engine, timeProvider: Clock());
            scenario.LinkedTwice(seed).RunAsync(twice).GetAwaiter().GetResult();

            foreach (var id in scenario.Ids)
            {
                Assert.Equal(View(once.GetJourney(id)), View(twice.GetJourney(id)));
            }

            foreach (var (id, parent) in scenario.Links)
            {
                Assert.Equal(LinkOutcome.AlreadyLinked, twice.Link(id, parent).Outcome);
            }

            Assert.Equal(once.GetJourneys().Select(View).Order(StringComparer.Ordinal), twice.GetJourneys().Select(View).Order(StringComparer.Ordinal));
        });

    [Property(MaxTest = 100)]
    public Property StoreBacked_InMemoryStore_MergeEqualsTrackingUnderOneId_OnceOrTwice_AndAnalyticsSeeIt() =>
        Prop.ForAll(IdentityScenario.Arbitrary(), Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), (scenario, seed) =>
            CheckStoreBacked(scenario, seed, () => Task.FromResult<IJourneyStore>(new InMemoryJourneyStore()), _ => Task.CompletedTask).GetAwaiter().GetResult());

    [Property(MaxTest = 20)]
    public Property StoreBacked_Sqlite_MergeEqualsTrackingUnderOneId_OnceOrTwice_AndAnalyticsSeeIt() =>
        Prop.ForAll(IdentityScenario.Arbitrary(), Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), (scenario, seed) =>
            CheckStoreBacked(scenario, seed, NewSqliteStore, RemoveSqliteStore).GetAwaiter().GetResult());

    [Fact]
    public void StoreBacked_PostgreSql_MergeEqualsTrackingUnderOneId_OnceOrTwice_AndAnalyticsSeeIt()
    {
        // a fact that runs the property, so that a missing server skips it
        var connectionString = PostgreSqlTestServer.ConnectionString();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10), Prop.ForAll(IdentityScenario.Arbitrary(), Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), (scenario, seed) =>
            CheckStoreBacked(
                scenario,
                seed,
                () => Task.FromResult<IJourneyStore>(new PostgreSqlJourneyStore(connectionString, PostgreSqlTestServer.NewSchema())),
                store => PostgreSqlTestServer.DropSchemaAsync(connectionString, ((PostgreSqlJourneyStore)store).Schema)).GetAwaiter().GetResult()));
    }

    [Property(MaxTest = 100)]
    public Property Erasure_AfterAMerge_LeavesNothingOfAnyLinkedId_InMemory() =>
        Prop.ForAll(IdentityScenario.Arbitrary(), Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), (scenario, seed) =>
        {
            CheckErasure(scenario, seed, () => Task.FromResult<IJourneyStore>(new InMemoryJourneyStore()), _ => Task.CompletedTask).GetAwaiter().GetResult();

            // the in-memory tracker forgets the group too
            var engine = Compile(scenario.Journey);
            var tracker = new JourneyTracker(engine, timeProvider: Clock());
            scenario.RunAsync(tracker).GetAwaiter().GetResult();
            var erased = scenario.Group[new Random(seed).Next(scenario.Group.Count)];
            tracker.Erase(erased);
            Assert.All(scenario.Group, id =>
            {
                Assert.Null(tracker.GetJourney(id));
                Assert.Equal(IdentityGroup.Single(id), tracker.GetIdentity(id));
            });
            Assert.DoesNotContain(tracker.GetJourneys(), j => scenario.Group.Contains(j.CustomerId));
        });

    [Property(MaxTest = 20)]
    public Property Erasure_AfterAMerge_LeavesNothingOfAnyLinkedId_Sqlite() =>
        Prop.ForAll(IdentityScenario.Arbitrary(), Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), (scenario, seed) =>
            CheckErasure(scenario, seed, NewSqliteStore, RemoveSqliteStore).GetAwaiter().GetResult());

    [Fact]
    public void Erasure_AfterAMerge_LeavesNothingOfAnyLinkedId_PostgreSql()
    {
        var connectionString = PostgreSqlTestServer.ConnectionString();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10), Prop.ForAll(IdentityScenario.Arbitrary(), Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), (scenario, seed) =>
            CheckErasure(
                scenario,
                seed,
                () => Task.FromResult<IJourneyStore>(new PostgreSqlJourneyStore(connectionString, PostgreSqlTestServer.NewSchema())),
                store => PostgreSqlTestServer.DropSchemaAsync(connectionString, ((PostgreSqlJourneyStore)store).Schema)).GetAwaiter().GetResult()));
    }

    private static void AssertJourneys(IdentityScenario scenario, Engine.JourneyEngine engine, string expectedGroup, Func<string, Journey?> journeyOf)
    {
        foreach (var id in scenario.Group)
        {
            Assert.Equal(expectedGroup, View(journeyOf(id)));
        }

        foreach (var id in scenario.Ids.Except(scenario.Group))
        {
            Assert.Equal(scenario.ExpectedView(engine, id), View(journeyOf(id)));
        }
    }

    private static async Task CheckStoreBacked(IdentityScenario scenario, int seed, Func<Task<IJourneyStore>> newStore, Func<IJourneyStore, Task> remove)
    {
        var engine = Compile(scenario.Journey);
        var expected = scenario.ExpectedGroupView(engine);
        foreach (var arrangement in new[] { scenario, scenario.Reordered(seed), scenario.LinkedTwice(seed) })
        {
            var store = await newStore();
            try
            {
                // a small cache, so that merged journeys are also folded from the store
                var tracker = new StoreBackedJourneyTracker(engine, store, new JourneyTrackerOptions { CacheCapacity = 3 }, Clock());
                await arrangement.RunAsync(tracker);
                var journeys = new Dictionary<string, Journey?>(StringComparer.Ordinal);
                foreach (var id in scenario.Ids)
                {
                    journeys[id] = await tracker.GetJourneyAsync(id);
                }

                AssertJourneys(arrangement, engine, expected, id => journeys[id]);

                // a fresh tracker (nothing cached) and the analytics' snapshot of the store see the same merged journeys
                var fresh = new StoreBackedJourneyTracker(engine, store, timeProvider: Clock());
                Assert.Equal(expected, View(await fresh.GetJourneyAsync(scenario.Group[^1])));
                var snapshot = await JourneySnapshot.ReadAsync(store, engine);
                Assert.DoesNotContain(snapshot.Journeys, j => j.CustomerId != IdentityScenario.Root && scenario.Group.Contains(j.CustomerId));
                if (expected != "<none>")
                {
                    var merged = snapshot.Journeys.Single(j => j.CustomerId == IdentityScenario.Root);
                    Assert.Equal(Touches(expected), merged.Touches.Select(t => t.EventId).ToList());
                }
            }
            finally
            {
                await store.DisposeAsync();
                await remove(store);
            }
        }
    }

    private static async Task CheckErasure(IdentityScenario scenario, int seed, Func<Task<IJourneyStore>> newStore, Func<IJourneyStore, Task> remove)
    {
        var engine = Compile(scenario.Journey);
        var store = await newStore();
        try
        {
            var tracker = new StoreBackedJourneyTracker(engine, store, timeProvider: Clock());
            await scenario.RunAsync(tracker);
            var others = scenario.Ids.Except(scenario.Group).ToList();
            var before = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var id in others)
            {
                before[id] = View(await tracker.GetJourneyAsync(id));
            }

            var erased = scenario.Group[new Random(seed).Next(scenario.Group.Count)];
            await tracker.EraseAsync(erased);

            foreach (var id in scenario.Group)
            {
                Assert.Null(await store.LoadAsync(new JourneyKey(engine.Definition.Name, id)));
                Assert.Equal(IdentityGroup.Single(id), await store.ResolveAsync(id));
                Assert.Null(await tracker.GetJourneyAsync(id));
                Assert.Null(await tracker.GetJourneyAsync(id, ReadConsistency.Cached));
            }

            var feed = await store.ReadSinceAsync(0, 100_000);
            Assert.DoesNotContain(feed, e => scenario.Group.Contains(e.Key.CustomerId) || scenario.Group.Contains(e.Event.CustomerId));
            await foreach (var journey in store.ReadAllAsync(engine.Definition.Name))
            {
                Assert.DoesNotContain(journey.Key.CustomerId, scenario.Group);
                Assert.All(journey.Events, e => Assert.DoesNotContain(e.CustomerId, scenario.Group));
            }

            foreach (var id in others)
            {
                Assert.Equal(before[id], View(await tracker.GetJourneyAsync(id)));
            }
        }
        finally
        {
            await store.DisposeAsync();
            await remove(store);
        }
    }

    /// <summary>The event ids of a journey's view, in order.</summary>
    private static List<string> Touches(string view)
    {
        var line = view.Split('\n').Single(l => l.StartsWith(" touches: ", StringComparison.Ordinal))[" touches: ".Length..];
        return line.Length == 0 ? [] : line.Split(" | ").Select(t => t.Split(':')[0]).ToList();
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IJourneyStore, string> SqlitePaths = new();

    private static Task<IJourneyStore> NewSqliteStore()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cj-identity-{Guid.NewGuid():N}.db");
        var store = new SqliteJourneyStore(path);
        SqlitePaths[store] = path;
        return Task.FromResult<IJourneyStore>(store);
    }

    private static Task RemoveSqliteStore(IJourneyStore store)
    {
        SqliteConnection.ClearAllPools();
        SqlitePaths.TryRemove(store, out var path);
        foreach (var file in new[] { path!, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }
}
