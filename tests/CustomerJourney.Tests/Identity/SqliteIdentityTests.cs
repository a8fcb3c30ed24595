using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Tests.Identity;

/// <summary>Identity links in a SQLite file: durable across reopening, safe under concurrent writers.</summary>
public sealed class SqliteIdentityTests : DurableIdentityTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-identity-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    protected override Task<IJourneyStore> OpenAsync() => Task.FromResult<IJourneyStore>(new SqliteJourneyStore(Path.Combine(_directory, "journeys.db")));

    [Fact]
    public async Task Open_ADatabaseOfSchemaVersion2_AddsTheLinksTableAndKeepsTheEvents()
    {
        var path = Path.Combine(_directory, "old.db");
        var key = new JourneyKey("five-stage", "c1");
        using (var store = new SqliteJourneyStore(path))
        {
            await store.AppendAsync(key, 0, [new TouchpointEvent("e1", "c1", "search-ad", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero))], TestContext.Current.CancellationToken);
        }

        // back to what version 2 wrote: no tables or columns of later migrations, no record of them
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // undo every migration after 2 (identity links, definition versions, the delivery log)
            command.CommandText = "DROP TABLE identity_links; DROP TABLE definitions; ALTER TABLE journeys DROP COLUMN definition_version; "
                + "ALTER TABLE journeys DROP COLUMN definition_version_since; DROP TABLE delivery_checkpoint; DROP TABLE deliveries; DROP TABLE delivery_timers; "
                + "DELETE FROM schema_version WHERE version > 2;";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        using var upgraded = new SqliteJourneyStore(path);

        Assert.Equal(3, upgraded.MigrationsApplied);
        Assert.Equal(["e1"], (await upgraded.LoadAsync(key, TestContext.Current.CancellationToken))!.Events.Select(e => e.EventId));
        Assert.Equal(LinkOutcome.Linked, (await upgraded.LinkAsync("anon", "c1", TestContext.Current.CancellationToken)).Outcome);
    }
}
