using CustomerJourney.PostgreSql;
using CustomerJourney.Storage;
using CustomerJourney.Tests.Storage;

namespace CustomerJourney.Tests.Versions;

/// <summary>The definition-version contract on <see cref="PostgreSqlJourneyStore"/> (<c>CJ_TEST_POSTGRES</c>); a reopen is a new store on the same schema.</summary>
public sealed class PostgreSqlDefinitionVersionStoreTests : DefinitionVersionStoreContract, IAsyncDisposable
{
    private readonly List<PostgreSqlJourneyStore> _stores = [];
    private readonly HashSet<string> _schemas = [];
    private string? _connectionString;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        foreach (var schema in _schemas)
        {
            await PostgreSqlTestServer.DropSchemaAsync(_connectionString!, schema);
        }
    }

    protected override Task<IJourneyStore> CreateStoreAsync()
    {
        _connectionString = PostgreSqlTestServer.ConnectionString();
        var schema = PostgreSqlTestServer.NewSchema();
        _schemas.Add(schema);
        return Task.FromResult<IJourneyStore>(Open(schema));
    }

    protected override async Task<IJourneyStore> ReopenAsync(IJourneyStore store)
    {
        var schema = ((PostgreSqlJourneyStore)store).Schema;
        await store.DisposeAsync();
        return Open(schema);
    }

    private PostgreSqlJourneyStore Open(string schema)
    {
        var store = new PostgreSqlJourneyStore(_connectionString!, schema);
        _stores.Add(store);
        return store;
    }
}
