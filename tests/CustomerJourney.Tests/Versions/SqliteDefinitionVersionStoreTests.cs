using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Tests.Versions;

/// <summary>The definition-version contract on <see cref="SqliteJourneyStore"/>; a reopen is a new store on the same file.</summary>
public sealed class SqliteDefinitionVersionStoreTests : DefinitionVersionStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-versions-").FullName;
    private readonly List<SqliteJourneyStore> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    protected override Task<IJourneyStore> CreateStoreAsync() => Task.FromResult<IJourneyStore>(Track(new SqliteJourneyStore(Path.Combine(_directory, "journeys.db"))));

    protected override async Task<IJourneyStore> ReopenAsync(IJourneyStore store)
    {
        await store.DisposeAsync();
        return Track(new SqliteJourneyStore(Path.Combine(_directory, "journeys.db")));
    }

    private SqliteJourneyStore Track(SqliteJourneyStore store)
    {
        _stores.Add(store);
        return store;
    }
}
