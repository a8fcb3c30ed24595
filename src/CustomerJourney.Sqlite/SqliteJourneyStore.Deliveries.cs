using CustomerJourney.Acting;

namespace CustomerJourney.Sqlite;

/// <summary>The store keeps the dispatcher's delivery log in the same database file.</summary>
public sealed partial class SqliteJourneyStore : IJourneyDeliveryLogSource
{
    /// <summary>Opens the delivery log kept in this store's database file (its own connections; the caller disposes it).</summary>
    /// <returns>The delivery log.</returns>
    public IJourneyDeliveryLog OpenDeliveryLog()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new SqliteJourneyDeliveryLog(_connectionString, _pragmas);
    }
}
