using System.Text.RegularExpressions;
using Npgsql;

namespace CustomerJourney.PostgreSql;

/// <summary>Where and how a <see cref="PostgreSqlJourneyStore"/> keeps journeys.</summary>
public sealed partial class PostgreSqlJourneyStoreOptions
{
    /// <summary>The default schema name, <c>customer_journey</c>.</summary>
    public const string DefaultSchema = "customer_journey";

    private string _schema = DefaultSchema;

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
    /// <exception cref="ArgumentException">The name is not a valid schema name.</exception>
    public string Schema
    {
        get => _schema;
        set => _schema = ValidateSchema(value);
    }

    /// <summary>Whether the store creates or upgrades its schema on first use (default <see langword="true"/>); otherwise call <see cref="PostgreSqlJourneyStore.MigrateAsync"/>.</summary>
    public bool MigrateOnFirstUse { get; set; } = true;

    /// <summary>
    /// How often a batch is retried when PostgreSQL aborts it as a deadlock victim or a serialization failure (the store
    /// locks journeys in a fixed order, so this is a safety net). Default 5.
    /// </summary>
    public int MaxTransientRetries { get; set; } = 5;

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
