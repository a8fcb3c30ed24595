using CustomerJourney.Acting;

namespace CustomerJourney.PostgreSql;

/// <summary>The store keeps the dispatcher's delivery log in its own schema.</summary>
public sealed partial class PostgreSqlJourneyStore : IJourneyDeliveryLogSource
{
    /// <summary>Opens the delivery log kept in this store's schema (same data source; the caller disposes the log, not the data source).</summary>
    /// <returns>The delivery log.</returns>
    public IJourneyDeliveryLog OpenDeliveryLog() => new PostgreSqlJourneyDeliveryLog(_dataSource, _sql.Schema, EnsureMigratedAsync);
}
