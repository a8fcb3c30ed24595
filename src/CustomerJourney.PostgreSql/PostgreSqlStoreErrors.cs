using System.Net.Sockets;
using CustomerJourney.Storage;
using Npgsql;

namespace CustomerJourney.PostgreSql;

/// <summary>
/// Translates PostgreSQL's and Npgsql's errors into the typed store failures of <see cref="JourneyStoreException"/>, the
/// driver's exception kept as the inner one: data or index corruption (SQLSTATE XX001, XX002) is
/// <see cref="JourneyStoreCorruptException"/>; a server that cannot be reached, refuses or drops the connection, shuts
/// down, or runs out of resources (a socket error, an Npgsql connection error, SQLSTATE classes 08, 53, 57P01-57P03)
/// is <see cref="JourneyStoreUnavailableException"/>.
/// </summary>
public static class PostgreSqlStoreErrors
{
    /// <summary>The store failure <paramref name="exception"/> (or an exception inside it) stands for, or <see langword="null"/>.</summary>
    /// <param name="exception">An exception a <see cref="PostgreSqlJourneyStore"/> call threw.</param>
    /// <returns>The typed failure, or <see langword="null"/> when it is not a PostgreSQL store failure.</returns>
    public static JourneyStoreException? Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case JourneyStoreException typed:
                    return typed;
                case PostgresException postgres:
                    return Classify(postgres);
                case NpgsqlException npgsql when npgsql.InnerException is SocketException or IOException or TimeoutException || npgsql.IsTransient:
                    return Unavailable(npgsql, npgsql.Message);
                case SocketException socket:
                    return Unavailable(exception, socket.Message);
            }
        }

        return null;
    }

    private static JourneyStoreException? Classify(PostgresException ex)
    {
        var state = ex.SqlState;
        if (state is PostgresErrorCodes.DataCorrupted or PostgresErrorCodes.IndexCorrupted)
        {
            return new JourneyStoreCorruptException(
                $"The PostgreSQL store is damaged: {ex.MessageText} (SQLSTATE {state}). Nothing of the failed operation was written; repair the database (for an index: REINDEX) or restore it from a backup.", ex);
        }

        return state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal)
            || state is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            ? Unavailable(ex, $"{ex.MessageText} (SQLSTATE {state})")
            : null;
    }

    private static JourneyStoreUnavailableException Unavailable(Exception inner, string detail) =>
        new($"The PostgreSQL store cannot be reached: {detail.TrimEnd('.')}. Start the server or check the connection string; batches committed before the failure are kept, and re-running skips them as duplicates.", inner);
}
