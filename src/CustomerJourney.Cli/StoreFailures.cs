using CustomerJourney.PostgreSql;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;

namespace CustomerJourney.Cli;

/// <summary>Recognises a store failure in any exception a command let through, for the one-line message and exit code 3.</summary>
internal static class StoreFailures
{
    public static JourneyStoreException? Classify(Exception exception) =>
        SqliteStoreErrors.Classify(exception) ?? PostgreSqlStoreErrors.Classify(exception);
}
