using CustomerJourney.DependencyInjection;

namespace CustomerJourney.PostgreSql;

/// <summary>Chooses the PostgreSQL store on the <c>AddCustomerJourney</c> builder.</summary>
public static class PostgreSqlCustomerJourneyBuilderExtensions
{
    /// <summary>
    /// Stores journeys in PostgreSQL (a singleton <see cref="PostgreSqlJourneyStore"/> that creates its schema on first
    /// use), replacing any store registered before.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="schema">The schema (see <see cref="PostgreSqlJourneyStoreOptions.Schema"/>).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty or the schema name invalid (checked now, not at first use).</exception>
    public static CustomerJourneyBuilder UsePostgreSqlStore(this CustomerJourneyBuilder builder, string connectionString, string schema = PostgreSqlJourneyStoreOptions.DefaultSchema)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new PostgreSqlJourneyStoreOptions { ConnectionString = connectionString, Schema = schema };
        return builder.UsePostgreSqlStore(options);
    }

    /// <summary>Stores journeys in PostgreSQL with the given options, replacing any store registered before.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="options">The connection and schema.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">A setting is invalid (checked now, not at first use; the message names every problem).</exception>
    public static CustomerJourneyBuilder UsePostgreSqlStore(this CustomerJourneyBuilder builder, PostgreSqlJourneyStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException("Invalid PostgreSQL store options: " + string.Join(" ", errors), nameof(options));
        }

        return builder.UseStore(_ => new PostgreSqlJourneyStore(options));
    }
}
