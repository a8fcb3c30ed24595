using CustomerJourney.PostgreSql;
using CustomerJourney.Storage;
using CustomerJourney.Tests.Storage;

namespace CustomerJourney.Tests.Identity;

/// <summary>Identity links in PostgreSQL (<c>CJ_TEST_POSTGRES</c>): durable across new store instances, safe under concurrent writers.</summary>
public sealed class PostgreSqlIdentityTests : DurableIdentityTests, IAsyncDisposable
{
    private readonly string _schema = PostgreSqlTestServer.NewSchema();
    private string? _connectionString;

    public async ValueTask DisposeAsync()
    {
        if (_connectionString is not null)
        {
            await PostgreSqlTestServer.DropSchemaAsync(_connectionString, _schema);
        }
    }

    protected override Task<IJourneyStore> OpenAsync()
    {
        _connectionString ??= PostgreSqlTestServer.ConnectionString();
        return Task.FromResult<IJourneyStore>(new PostgreSqlJourneyStore(_connectionString, _schema));
    }
}
