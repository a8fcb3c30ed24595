using CustomerJourney.PostgreSql;
using CustomerJourney.Storage;
using Npgsql;

namespace CustomerJourney.Tests.Storage;

/// <summary>
/// The PostgreSQL change feed under concurrent writers whose transactions commit out of order: a trigger in the test
/// schema makes every events insert sleep a random while before its transaction commits, so positions drawn early
/// would commit late if nothing ordered them. A reader pages through the feed meanwhile and must see every event exactly
/// once, in position order.
/// </summary>
public sealed class PostgreSqlChangeFeedTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _schema = PostgreSqlTestServer.NewSchema();
    private string? _connectionString;

    public async ValueTask DisposeAsync()
    {
        if (_connectionString is not null)
        {
            await PostgreSqlTestServer.DropSchemaAsync(_connectionString, _schema);
        }
    }

    [Fact]
    public async Task ReadSince_WithWritersCommittingOutOfOrder_NeverSkipsOrRepeatsAnEvent()
    {
        _connectionString = PostgreSqlTestServer.ConnectionString();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var setup = new PostgreSqlJourneyStore(_connectionString, _schema);
        await setup.MigrateAsync(cancellationToken);
        await Execute($"""
            CREATE FUNCTION "{_schema}".slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_sleep(random() * 0.02); RETURN NULL; END $$;
            CREATE TRIGGER slow_commit AFTER INSERT ON "{_schema}".events FOR EACH STATEMENT EXECUTE FUNCTION "{_schema}".slow_commit();
            """);

        const int Writers = 6, Batches = 25;
        var random = new Random(20261);
        var plans = Enumerable.Range(0, Writers).Select(w => Enumerable.Range(0, Batches).Select(b =>
            Enumerable.Range(0, 1 + random.Next(3)).Select(j =>
            {
                var customer = $"w{w}-c{random.Next(8)}";
                return new JourneyAppend { Key = new JourneyKey("shop", customer), ExpectedVersion = -1, Events = Enumerable.Range(0, 1 + random.Next(4)).Select(i => new TouchpointEvent($"w{w}-b{b}-j{j}-{i}", customer, "search-ad", T0.AddMinutes(b))).ToList() };
            }).GroupBy(a => a.Key).Select(g => g.First()).ToList()).ToList()).ToList();
        var expected = plans.SelectMany(p => p).SelectMany(b => b).SelectMany(a => a.Events.Select(e => $"{a.Key.CustomerId}/{e.EventId}")).ToHashSet(StringComparer.Ordinal);

        var done = new TaskCompletionSource();
        var seen = new List<StoredEvent>();
        var pages = 0;
        var reader = Task.Run(
            async () =>
            {
                await using var store = new PostgreSqlJourneyStore(_connectionString, _schema);
                var pageRandom = new Random(5);
                long after = 0;
                while (true)
                {
                    var finished = done.Task.IsCompleted;
                    var page = await store.ReadSinceAsync(after, 1 + pageRandom.Next(7), cancellationToken);
                    pages++;
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
            },
            cancellationToken);

        // each writer has its own store (its own connections): batches of several journeys, retried on conflict
        var writers = plans.Select(plan => Task.Run(
            async () =>
            {
                await using var store = new PostgreSqlJourneyStore(_connectionString, _schema);
                foreach (var batch in plan)
                {
                    var versions = await store.LoadManyAsync(batch.Select(a => a.Key).ToList(), cancellationToken);
                    var appends = batch.Select((a, i) => a with { ExpectedVersion = versions[i]?.Version ?? 0 }).ToList();
                    while (true)
                    {
                        var results = await store.AppendManyAsync(appends, cancellationToken);
                        var conflicts = appends.Where((_, i) => results[i].Status == AppendStatus.Conflict).ToList();
                        if (conflicts.Count == 0)
                        {
                            break;
                        }

                        var fresh = await store.LoadManyAsync(conflicts.Select(a => a.Key).ToList(), cancellationToken);
                        appends = conflicts.Select((a, i) => a with { ExpectedVersion = fresh[i]?.Version ?? 0 }).ToList();
                    }
                }
            },
            cancellationToken)).ToList();

        await Task.WhenAll(writers);
        done.SetResult();
        await reader;

        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Position < p.Second.Position), "positions strictly increase across pages");
        var keys = seen.Select(e => $"{e.Key.CustomerId}/{e.Event.EventId}").ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.True(expected.SetEquals(keys), $"the feed returned {keys.Count} of {expected.Count} events");
        Assert.True(pages > Writers * Batches / 4, $"the reader paged only {pages} times: it did not run alongside the writers");
        var sequences = seen.GroupBy(e => e.Key).ToList();
        Assert.All(sequences, g => Assert.Equal(Enumerable.Range(1, g.Count()).Select(i => (long)i), g.Select(e => e.Sequence)));
    }

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
