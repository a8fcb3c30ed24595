using CustomerJourney.Engine;
using CustomerJourney.PostgreSql;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Tests.Generators;
using CustomerJourney.Tests.Storage;
using CustomerJourney.Tracking;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Data.Sqlite;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Tracking;

/// <summary>
/// Tracking a batch equals tracking the same events one by one (outcomes, stages, versions, reasons and the final
/// journeys), over messy streams: re-sends, invalid events, events beyond the lateness bound and full journeys; for
/// the in-memory tracker and for store-backed trackers over the in-memory, SQLite and PostgreSQL stores.
/// </summary>
public sealed class BatchEquivalenceProperties
{
    private static readonly JourneyTrackerOptions Tight = new() { MaxLateness = TimeSpan.FromDays(10), MaxTouchesPerJourney = 8, CacheCapacity = 3 };

    /// <summary>A generated definition with a messy stream of its events, in arrival order, and how to cut it into batches.</summary>
    public sealed record MessyRun(GeneratedJourney Journey, IReadOnlyList<TouchpointEvent> Events, IReadOnlyList<int> BatchSizes)
    {
        /// <inheritdoc />
        public override string ToString() => $"{Journey}{Environment.NewLine}events: {string.Join(", ", Events.Select(e => $"{e.EventId}/{e.CustomerId}/{e.Touchpoint}@{e.OccurredAt:O}"))}{Environment.NewLine}batches: {string.Join(",", BatchSizes)}";
    }

    private static Arbitrary<MessyRun> MessyRuns() =>
        (from run in DefinitionGenerators.Runs
         from seed in Gen.Choose(0, int.MaxValue - 1)
         from sizes in Gen.ListOf(Gen.Choose(1, 12), 20)
         select new MessyRun(run.Journey, Messy(Events(run.Touches), seed), sizes.ToArray())).ToArbitrary();

    /// <summary>Shuffles the events and mixes in re-sends and invalid events.</summary>
    private static List<TouchpointEvent> Messy(IReadOnlyList<TouchpointEvent> events, int seed)
    {
        var random = new Random(seed);
        var shuffled = Shuffle(events, seed).ToList();
        var messy = new List<TouchpointEvent>();
        foreach (var e in shuffled)
        {
            messy.Add(e);
            switch (random.Next(8))
            {
                case 0:
                    messy.Add(e); // re-sent at once
                    break;
                case 1 when messy.Count > 1:
                    messy.Insert(random.Next(messy.Count), messy[random.Next(messy.Count)]); // re-sent later or earlier
                    break;
                case 2:
                    messy.Add(e with { EventId = e.EventId + "-bad", Touchpoint = "not-a-touchpoint" });
                    break;
                case 3:
                    messy.Add(e with { EventId = e.EventId + "-nocustomer", CustomerId = string.Empty });
                    break;
            }
        }

        return messy;
    }

    [Property(MaxTest = 150)]
    public Property InMemoryTracker_BatchEqualsOneByOne() =>
        Prop.ForAll(MessyRuns(), run =>
        {
            var engine = Compile(run.Journey);
            var single = new JourneyTracker(engine, Tight, Clock());
            var batched = new JourneyTracker(engine, Tight, Clock());
            var expected = run.Events.Select(single.Track).ToList();
            var actual = Batches(run).SelectMany(batched.TrackBatch).ToList();
            Assert.Equal(expected, actual);
            foreach (var customer in run.Events.Select(e => e.CustomerId).Distinct())
            {
                Assert.Equal(View(single.GetJourney(customer)), View(batched.GetJourney(customer)));
            }

            return Classified(expected);
        });

    [Property(MaxTest = 100)]
    public Property StoreBacked_InMemoryStore_BatchEqualsOneByOne() =>
        Prop.ForAll(MessyRuns(), run => CheckStoreBacked(run, () => Task.FromResult<IJourneyStore>(new InMemoryJourneyStore()), _ => Task.CompletedTask).GetAwaiter().GetResult());

    [Property(MaxTest = 25)]
    public Property StoreBacked_Sqlite_BatchEqualsOneByOne()
    {
        var paths = new System.Collections.Concurrent.ConcurrentDictionary<IJourneyStore, string>();
        return Prop.ForAll(MessyRuns(), run => CheckStoreBacked(
            run,
            () =>
            {
                var path = Path.Combine(Path.GetTempPath(), $"cj-batch-{Guid.NewGuid():N}.db");
                var store = new SqliteJourneyStore(path);
                paths[store] = path;
                return Task.FromResult<IJourneyStore>(store);
            },
            store =>
            {
                SqliteConnection.ClearAllPools();
                paths.TryRemove(store, out var path);
                foreach (var file in new[] { path!, path + "-wal", path + "-shm" })
                {
                    File.Delete(file);
                }

                return Task.CompletedTask;
            }).GetAwaiter().GetResult());
    }

    [Fact]
    public void StoreBacked_PostgreSql_BatchEqualsOneByOne()
    {
        // a fact that runs the property, so that a missing server skips it (a property would report the skip as a failure)
        var connectionString = PostgreSqlTestServer.ConnectionString();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(15), Prop.ForAll(MessyRuns(), run => CheckStoreBacked(
            run,
            () => Task.FromResult<IJourneyStore>(new PostgreSqlJourneyStore(connectionString, PostgreSqlTestServer.NewSchema())),
            store => PostgreSqlTestServer.DropSchemaAsync(connectionString, ((PostgreSqlJourneyStore)store).Schema)).GetAwaiter().GetResult()));
    }

    private static async Task<Property> CheckStoreBacked(MessyRun run, Func<Task<IJourneyStore>> newStore, Func<IJourneyStore, Task> remove)
    {
        var engine = Compile(run.Journey);
        var first = await newStore();
        var second = await newStore();
        try
        {
            var single = new StoreBackedJourneyTracker(engine, first, Tight, Clock());
            var batched = new StoreBackedJourneyTracker(engine, second, Tight, Clock());
            var expected = new List<TrackResult>();
            foreach (var e in run.Events)
            {
                expected.Add(await single.TrackAsync(e));
            }

            var actual = new List<TrackResult>();
            foreach (var batch in Batches(run))
            {
                actual.AddRange(await batched.TrackBatchAsync(batch));
            }

            Assert.Equal(expected, actual);
            foreach (var customer in run.Events.Select(e => e.CustomerId).Where(c => c.Length > 0).Distinct())
            {
                Assert.Equal(View(await single.GetJourneyAsync(customer)), View(await batched.GetJourneyAsync(customer)));
            }

            // and the in-memory tracker decides the same
            var memory = new JourneyTracker(engine, Tight, Clock());
            Assert.Equal(expected, run.Events.Select(memory.Track).ToList());
            return Classified(expected);
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
            await remove(first);
            await remove(second);
        }
    }

    private static IEnumerable<IReadOnlyList<TouchpointEvent>> Batches(MessyRun run)
    {
        var at = 0;
        for (var i = 0; at < run.Events.Count; i++)
        {
            var size = run.BatchSizes.Count == 0 ? run.Events.Count : run.BatchSizes[i % run.BatchSizes.Count];
            var take = Math.Min(size, run.Events.Count - at);
            yield return run.Events.Skip(at).Take(take).ToList();
            at += take;
        }
    }

    private static Property Classified(IReadOnlyList<TrackResult> results) =>
        Prop.ToProperty(true)
            .Classify(results.Any(r => r.ReasonCode == EventErrorCodes.TooLate), "too late")
            .Classify(results.Any(r => r.ReasonCode == EventErrorCodes.JourneyFull), "journey full")
            .Classify(results.Any(r => r.Outcome == TrackOutcome.Duplicate), "duplicates");
}
