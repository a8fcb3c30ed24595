using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CustomerJourney.Sqlite;

/// <summary>
/// Prepared statements on SQLite's C API under Microsoft.Data.Sqlite's connection, for the hot paths (<see cref="Writer"/>,
/// <see cref="EventRows"/>): bound by position, stepped and reset, every failure thrown as Microsoft.Data.Sqlite's
/// <see cref="SqliteException"/> so the store's error classification applies unchanged.
/// </summary>
internal static class Native
{
    public static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        return statement;
    }

    public static void Check(sqlite3 db, int rc) => SqliteException.ThrowExceptionForRC(rc, db);

    /// <summary>Binds text (UTF-16, copied by SQLite) or NULL.</summary>
    public static void Bind(sqlite3 db, sqlite3_stmt statement, int index, string? value) =>
        Check(db, value is null ? raw.sqlite3_bind_null(statement, index) : raw.sqlite3_bind_text16(statement, index, value.AsSpan()));

    /// <summary>Steps a statement that must answer <paramref name="expected"/>, then resets it.</summary>
    public static void Step(sqlite3 db, sqlite3_stmt statement, int expected)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc != expected)
        {
            raw.sqlite3_reset(statement);
            Check(db, rc);
            throw new InvalidOperationException($"SQLite returned {rc} where {expected} was expected.");
        }

        Done(db, statement, raw.SQLITE_DONE);
    }

    /// <summary>Resets a statement after its last step, throwing when that step (or the reset) failed.</summary>
    public static void Done(sqlite3 db, sqlite3_stmt statement, int rc)
    {
        var reset = raw.sqlite3_reset(statement);
        Check(db, rc == raw.SQLITE_DONE ? reset : rc);
    }
}
