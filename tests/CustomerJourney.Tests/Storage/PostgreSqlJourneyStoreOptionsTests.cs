using CustomerJourney.DependencyInjection;
using CustomerJourney.PostgreSql;
using CustomerJourney.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerJourney.Tests.Storage;

/// <summary>Options and registration of the PostgreSQL store; no server needed.</summary>
public sealed class PostgreSqlJourneyStoreOptionsTests
{
    [Theory]
    [InlineData("customer_journey")]
    [InlineData("_x")]
    [InlineData("a1_b2")]
    [InlineData("select")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk")] // 63 characters
    public void Schema_ValidName_IsAccepted(string schema)
    {
        var options = new PostgreSqlJourneyStoreOptions { Schema = schema };

        Assert.Equal(schema, options.Schema);
        Assert.True(PostgreSqlJourneyStoreOptions.IsValidSchemaName(schema));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Journeys")]
    [InlineData("1journeys")]
    [InlineData("cj-journeys")]
    [InlineData("cj journeys")]
    [InlineData("cj\"; DROP SCHEMA public CASCADE; --")]
    [InlineData("public\".\"events")]
    [InlineData("cj;drop table x")]
    [InlineData("cj\n")]
    [InlineData("cj\u0000")]
    [InlineData("ĉj")]
    [InlineData("pg_catalog")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl")] // 64 characters
    public void Schema_InvalidOrInjectedName_IsRejected(string schema)
    {
        Assert.False(PostgreSqlJourneyStoreOptions.IsValidSchemaName(schema));
        Assert.Throws<ArgumentException>(() => new PostgreSqlJourneyStoreOptions { Schema = schema });
        Assert.Throws<ArgumentException>(() => new PostgreSqlJourneyStore("Host=127.0.0.1", schema));
    }

    [Fact]
    public void Constructor_NoConnection_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PostgreSqlJourneyStore(new PostgreSqlJourneyStoreOptions()));
    }

    [Fact]
    public async Task UsePostgreSqlStore_Registered_ResolvesAPostgreSqlStoreInItsSchema()
    {
        var services = new ServiceCollection();
        services.AddCustomerJourney(journeys => journeys.AddTemplate("five-stage").UsePostgreSqlStore("Host=127.0.0.1;Username=postgres", "shop_journeys"));
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<PostgreSqlJourneyStore>(provider.GetRequiredService<IJourneyStore>());

        Assert.Equal("shop_journeys", store.Schema);
    }

    [Fact]
    public void UsePostgreSqlStore_InjectedSchemaName_ThrowsAtRegistration()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddCustomerJourney(journeys => journeys.UsePostgreSqlStore("Host=127.0.0.1", "x\"; DROP TABLE y; --")));
    }
}
