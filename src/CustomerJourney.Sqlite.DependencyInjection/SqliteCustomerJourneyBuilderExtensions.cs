using CustomerJourney.DependencyInjection;

namespace CustomerJourney.Sqlite;

/// <summary>Registers a <see cref="SqliteJourneyStore"/> as the journeys' store.</summary>
public static class SqliteCustomerJourneyBuilderExtensions
{
    /// <summary>Stores journeys in the SQLite database file at <paramref name="path"/> (created and migrated on first use).</summary>
    /// <param name="builder">The journeys' builder.</param>
    /// <param name="path">The database file.</param>
    /// <returns>The builder.</returns>
    public static CustomerJourneyBuilder UseSqliteStore(this CustomerJourneyBuilder builder, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return builder.UseSqliteStore(options => options.Path = path);
    }

    /// <summary>Stores journeys in a SQLite database configured by <paramref name="configure"/> (created and migrated on first use).</summary>
    /// <param name="builder">The journeys' builder.</param>
    /// <param name="configure">Sets the path or connection string and tuning.</param>
    /// <returns>The builder.</returns>
    public static CustomerJourneyBuilder UseSqliteStore(this CustomerJourneyBuilder builder, Action<SqliteJourneyStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SqliteJourneyStoreOptions();
        configure(options);
        return builder.UseStore(_ => new SqliteJourneyStore(options));
    }
}
