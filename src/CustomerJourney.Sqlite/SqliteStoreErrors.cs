using CustomerJourney.Storage;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Sqlite;

/// <summary>
/// Translates SQLite's errors into the typed store failures of <see cref="JourneyStoreException"/>, the driver's exception
/// kept as the inner one: a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) is <see cref="JourneyStoreCorruptException"/>;
/// a file that cannot be opened or written (SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM, SQLITE_IOERR, SQLITE_FULL,
/// SQLITE_BUSY, SQLITE_LOCKED) is <see cref="JourneyStoreUnavailableException"/>.
/// </summary>
public static class SqliteStoreErrors
{
    /// <summary>The store failure <paramref name="exception"/> (or an exception inside it) stands for, or <see langword="null"/>.</summary>
    /// <param name="exception">An exception a <see cref="SqliteJourneyStore"/> call threw.</param>
    /// <returns>The typed failure, or <see langword="null"/> when it is not a SQLite store failure.</returns>
    public static JourneyStoreException? Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is JourneyStoreException typed)
            {
                return typed;
            }

            if (e is SqliteException sqlite)
            {
                return Classify(sqlite);
            }
        }

        return null;
    }

    private static JourneyStoreException? Classify(SqliteException ex)
    {
        var detail = $"{FirstLine(ex.Message)} (SQLite error {ex.SqliteErrorCode})";
        return (ex.SqliteErrorCode & 0xFF) switch
        {
            11 or 26 => new JourneyStoreCorruptException(
                $"The SQLite store is damaged: {detail}. Nothing of the failed operation was written; restore the file from a backup or recover it with 'sqlite3 FILE .recover'.", ex),
            8 or 3 => new JourneyStoreUnavailableException(
                $"The SQLite store cannot be written: {detail}. Check the permissions of the file and of its directory (SQLite writes a journal beside it).", ex),
            14 => new JourneyStoreUnavailableException($"The SQLite store cannot be opened: {detail}. Check the path and its permissions.", ex),
            10 or 13 => new JourneyStoreUnavailableException($"The SQLite store cannot be read or written: {detail}. Check the disk (free space, errors).", ex),
            5 or 6 => new JourneyStoreUnavailableException($"The SQLite store is locked by another process: {detail}. Retry when it is done.", ex),
            _ => null,
        };
    }

    /// <summary>"SQLite Error 11: 'database disk image is malformed'." becomes "database disk image is malformed".</summary>
    private static string FirstLine(string message)
    {
        var cut = message.IndexOfAny(['\r', '\n']);
        var line = cut < 0 ? message : message[..cut];
        var colon = line.StartsWith("SQLite Error ", StringComparison.Ordinal) ? line.IndexOf(": ", StringComparison.Ordinal) : -1;
        return (colon < 0 ? line : line[(colon + 2)..]).TrimEnd('.').Trim('\'');
    }
}
