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
        var problem = Assert.Single(new PostgreSqlJourneyStoreOptions { ConnectionString = "Host=127.0.0.1", Schema = schema }.Validate());
        Assert.Contains("PostgreSqlJourneyStoreOptions.Schema", problem, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new PostgreSqlJourneyStore("Host=127.0.0.1", schema));
    }

    [Fact]
    public void Constructor_NoConnection_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PostgreSqlJourneyStore(new PostgreSqlJourneyStoreOptions()));
    }

    [Fact]
    public void Validate_ReportsEveryProblemAtOnce_AndTheStoreAndTheRegistrationRefuseThem()
    {
        var options = new PostgreSqlJourneyStoreOptions { Schema = "Bad-Name", MaxTransientRetries = -1 };

        var problems = options.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains("ConnectionString", problems[0], StringComparison.Ordinal);
        Assert.Contains("'Bad-Name'", problems[1], StringComparison.Ordinal);
        Assert.Contains("MaxTransientRetries", problems[2], StringComparison.Ordinal);
        var error = Assert.Throws<ArgumentException>(() => new PostgreSqlJourneyStore(options));
        Assert.All(problems, p => Assert.Contains(p, error.Message, StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCustomerJourney(j => j.UsePostgreSqlStore(options)));
        Assert.Empty(new PostgreSqlJourneyStoreOptions { ConnectionString = "Host=127.0.0.1" }.Validate());
    }

    [Fact]
    public async Task TheStore_KeepsTheSettingsItWasCreatedWith()
    {
        var options = new PostgreSqlJourneyStoreOptions { ConnectionString = "Host=127.0.0.1", Schema = "first" };
        await using var store = new PostgreSqlJourneyStore(options);
        options.Schema = "second";

        Assert.Equal("first", store.Schema);
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
