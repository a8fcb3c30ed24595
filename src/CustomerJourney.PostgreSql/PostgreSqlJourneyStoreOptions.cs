using System.Text.RegularExpressions;
using Npgsql;

namespace CustomerJourney.PostgreSql;

/// <summary>Where and how a <see cref="PostgreSqlJourneyStore"/> keeps journeys.</summary>
public sealed partial class PostgreSqlJourneyStoreOptions
{
    /// <summary>The default schema name, <c>customer_journey</c>.</summary>
    public const string DefaultSchema = "customer_journey";

    /// <summary>
    /// The Npgsql connection string. The store then creates (and disposes) its own <see cref="NpgsqlDataSource"/>.
    /// Ignored when <see cref="DataSource"/> is set.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>A data source owned by the caller (the store does not dispose it); takes precedence over <see cref="ConnectionString"/>.</summary>
    public NpgsqlDataSource? DataSource { get; set; }

    /// <summary>
    /// The schema holding the store's tables: lower-case letters, digits and underscores, starting with a letter or an
    /// underscore, at most 63 characters, not starting with <c>pg_</c>. Always written quoted into SQL.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>Whether the store creates or upgrades its schema on first use (default <see langword="true"/>); otherwise call <see cref="PostgreSqlJourneyStore.MigrateAsync"/>.</summary>
    public bool MigrateOnFirstUse { get; set; } = true;

    /// <summary>
    /// How often a batch is retried when PostgreSQL aborts it as a deadlock victim or a serialization failure (the store
    /// locks journeys in a fixed order, so this is a safety net): 0 to 100. Default 5.
    /// </summary>
    public int MaxTransientRetries { get; set; } = 5;

    /// <summary>Every problem with these settings, each naming the setting; empty when they are valid.</summary>
    /// <returns>The problems found, in the order of the settings.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DataSource is null && string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add("Set a ConnectionString or a DataSource.");
        }

        if (!IsValidSchemaName(Schema))
        {
            errors.Add($"{nameof(PostgreSqlJourneyStoreOptions)}.{nameof(Schema)} must match ^[a-z_][a-z0-9_]{{0,62}}$ (lower-case letters, digits and underscores, at most 63 characters) and must not start with 'pg_' (it is '{Schema}').");
        }

        if (MaxTransientRetries is < 0 or > 100)
        {
            errors.Add($"{nameof(PostgreSqlJourneyStoreOptions)}.{nameof(MaxTransientRetries)} must lie between 0 and 100 (it is {MaxTransientRetries}).");
        }

        return errors;
    }

    /// <summary>A copy validated now, so that later changes to this instance do not reach a store.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names every problem.</exception>
    internal PostgreSqlJourneyStoreOptions Validated()
    {
        if (Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException("Invalid PostgreSQL store options: " + string.Join(" ", errors));
        }

        return (PostgreSqlJourneyStoreOptions)MemberwiseClone();
    }

    /// <summary>Whether <paramref name="schema"/> is a valid schema name (see <see cref="Schema"/>).</summary>
    /// <param name="schema">The candidate name.</param>
    /// <returns><see langword="true"/> when the name may be used.</returns>
    public static bool IsValidSchemaName(string? schema) =>
        schema is not null && SchemaPattern().IsMatch(schema) && !schema.StartsWith("pg_", StringComparison.Ordinal);

    internal static string ValidateSchema(string? schema)
    {
        if (!IsValidSchemaName(schema))
        {
            throw new ArgumentException(
                "The schema name must match ^[a-z_][a-z0-9_]{0,62}$ (lower-case letters, digits and underscores, at most 63 characters) and must not start with 'pg_'.",
                nameof(schema));
        }

        return schema!;
    }

    [GeneratedRegex(@"^[a-z_][a-z0-9_]{0,62}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SchemaPattern();
}
