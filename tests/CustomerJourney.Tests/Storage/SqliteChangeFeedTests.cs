using System.Diagnostics;
using System.Globalization;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Tests.Storage;

/// <summary>
/// The SQLite change feed while two <c>journey track</c> processes append to the same file (random batch sizes), and the
/// migration of a database written by the first schema (events clustered by journey) to the log layout.
/// </summary>
public sealed class SqliteChangeFeedTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-feed-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ReadSince_WhileTwoProcessesAppend_ReturnsEveryStoredEventExactlyOnce_InPositionOrder()
    {
        var random = new Random(4242);
        var database = Path.Combine(_directory, "journeys.db");
        using (new SqliteJourneyStore(database))
        {
            // created before the writers start, so that the reader can open it at once
        }

        var touchpoints = JourneyTemplates.FiveStage.Touchpoints.Select(t => t.Id).ToArray();
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var files = Enumerable.Range(0, 2).Select(p =>
        {
            var file = Path.Combine(_directory, $"events-{p}.csv");
            var lines = Enumerable.Range(0, 6_000).Select(i => TrackCommandTests.Csv(new TouchpointEvent($"p{p}-e{i}", $"c{random.Next(300)}", touchpoints[random.Next(touchpoints.Length)], t0.AddSeconds(i))));
            File.WriteAllLines(file, ["event_id,customer_id,touchpoint,occurred_at,channel,value,segment", .. lines]);
            return file;
        }).ToList();

        var processes = files.Select(f => Start(f, database, random.Next(20, 400))).ToList();
        var seen = new List<StoredEvent>();
        var pages = 0;
        using (var store = new SqliteJourneyStore(database))
        {
            long after = 0;
            while (true)
            {
                var finished = processes.All(p => p.HasExited);
                var page = await store.ReadSinceAsync(after, 1 + random.Next(300), TestContext.Current.CancellationToken);
                pages++;
                seen.AddRange(page);
                if (page.Count > 0)
                {
                    after = page[^1].Position;
                }
                else if (finished)
                {
                    break;
                }
            }
        }

        foreach (var process in processes)
        {
            Assert.Equal(0, process.ExitCode);
            process.Dispose();
        }

        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions strictly increase across pages");
        var keys = seen.Select(e => $"{e.Key.CustomerId}/{e.Event.EventId}").ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(StoredKeys(database), keys.ToHashSet(StringComparer.Ordinal));
        Assert.True(keys.Count > 6_000, $"only {keys.Count} events were stored");
        Assert.True(pages > 10, $"only {pages} pages: the reader did not run alongside the writers");
        Assert.All(seen.GroupBy(e => e.Key), g => Assert.Equal(Enumerable.Range(1, g.Count()).Select(i => (long)i), g.Select(e => e.Sequence)));
    }

    [Fact]
    public async Task Open_DatabaseOfTheFirstSchema_MigratesItsEventsIntoTheLog()
    {
        var database = Path.Combine(_directory, "old.db");
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);
                INSERT INTO schema_version VALUES (1, '2026-01-01T00:00:00Z');
                CREATE TABLE journeys (id INTEGER PRIMARY KEY, definition TEXT NOT NULL, customer TEXT NOT NULL, version INTEGER NOT NULL, UNIQUE (definition, customer));
                CREATE INDEX journeys_customer ON journeys (customer);
                CREATE TABLE events (journey_id INTEGER NOT NULL, seq INTEGER NOT NULL, event_id TEXT NOT NULL, touchpoint TEXT NOT NULL,
                    occurred_at INTEGER NOT NULL, offset_minutes INTEGER NOT NULL, channel TEXT, value TEXT, segment TEXT, properties TEXT,
                    PRIMARY KEY (journey_id, seq)) WITHOUT ROWID;
                CREATE UNIQUE INDEX events_event_id ON events (journey_id, event_id);
                INSERT INTO journeys VALUES (1, 'shop', 'b', 2), (2, 'shop', 'a', 1);
                INSERT INTO events VALUES (1, 1, 'b1', 'search-ad', 639000000000000000, 60, NULL, '9.50', 'vip', '{"utm":"x"}');
                INSERT INTO events VALUES (1, 2, 'b2', 'search-ad', 639000000010000000, 0, 'email', NULL, NULL, NULL);
                INSERT INTO events VALUES (2, 1, 'a1', 'search-ad', 639000000020000000, 0, NULL, NULL, NULL, NULL);
                """;
            command.ExecuteNonQuery();
        }

        using var store = new SqliteJourneyStore(database);
        var feed = await store.ReadSinceAsync(0, 10, TestContext.Current.CancellationToken);
        var b = await store.LoadAsync(new JourneyKey("shop", "b"), TestContext.Current.CancellationToken);
        var appended = await store.AppendAsync(new JourneyKey("shop", "b"), 2, [new TouchpointEvent("b3", "b", "search-ad", DateTimeOffset.UnixEpoch), new TouchpointEvent("b1", "b", "search-ad", DateTimeOffset.UnixEpoch)], TestContext.Current.CancellationToken);
        var after = await store.ReadSinceAsync(feed[^1].Position, 10, TestContext.Current.CancellationToken);

        Assert.Equal(SqliteJourneyStore.SchemaVersion - 1, store.MigrationsApplied);
        Assert.Equal(["b/b1/1", "b/b2/2", "a/a1/1"], feed.Select(e => $"{e.Key.CustomerId}/{e.Event.EventId}/{e.Sequence}"));
        Assert.Equal(["b1", "b2"], b!.Events.Select(e => e.EventId));
        Assert.Equal(9.50m, b.Events[0].Value);
        Assert.Equal(TimeSpan.FromHours(1), b.Events[0].OccurredAt.Offset);
        Assert.Equal("x", b.Events[0].Properties!["utm"]);
        Assert.Equal((AppendStatus.Appended, 3L, 1), (appended.Status, appended.Version, appended.Appended));
        Assert.Equal(["b1"], appended.Duplicates!);
        Assert.Equal(["b/b3/3"], after.Select(e => $"{e.Key.CustomerId}/{e.Event.EventId}/{e.Sequence}"));
    }

    private static HashSet<string> StoredKeys(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT j.customer || '/' || e.event_id FROM events e JOIN journeys j ON j.id = e.journey_id;";
        using var reader = command.ExecuteReader();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static Process Start(string file, string database, int batch)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "journey.dll");
        Assert.True(File.Exists(cli), $"the built CLI is not beside the tests: {cli}");
        var info = new ProcessStartInfo(SqliteCrashSafetyTests.DotnetHost()) { RedirectStandardOutput = false, RedirectStandardError = false, UseShellExecute = false };
        foreach (var argument in new[] { cli, "track", "--definition", "five-stage", "--store", $"sqlite:{database}", "--batch", batch.ToString(CultureInfo.InvariantCulture), file })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("cannot start the CLI");
    }
}
