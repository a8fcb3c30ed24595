using Microsoft.Data.Sqlite;

namespace CustomerJourney.Sqlite;

/// <summary>The versioned schema: migrations applied in order on open, each recorded in <c>schema_version</c>.</summary>
internal static class SqliteSchema
{
    /// <summary>The migrations; migration <c>n</c> (1-based) is at index <c>n - 1</c>. Append new ones, never edit old ones.</summary>
    private static readonly string[] Migrations =
    [
        // 1: journeys with an integer key, and their events (exact-once per journey through a unique index on event_id)
        """
        CREATE TABLE journeys (
            id INTEGER PRIMARY KEY,
            definition TEXT NOT NULL,
            customer TEXT NOT NULL,
            version INTEGER NOT NULL,
            UNIQUE (definition, customer)
        );
        CREATE INDEX journeys_customer ON journeys (customer);
        CREATE TABLE events (
            journey_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            touchpoint TEXT NOT NULL,
            occurred_at INTEGER NOT NULL,
            offset_minutes INTEGER NOT NULL,
            channel TEXT,
            value TEXT,
            segment TEXT,
            properties TEXT,
            PRIMARY KEY (journey_id, seq)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX events_event_id ON events (journey_id, event_id);
        """,

        // 2: events as an append-only log: the rowid is the global position (AUTOINCREMENT: never reused, even after
        // the newest events are erased), rows are appended at the end of the table in commit order, and the one
        // secondary index (journey, event id) serves both a journey's lookup and exact-once. Existing events get
        // positions in (journey, seq) order, since their commit order was not recorded.
        """
        CREATE TABLE events_log (
            position INTEGER PRIMARY KEY AUTOINCREMENT,
            journey_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            touchpoint TEXT NOT NULL,
            occurred_at INTEGER NOT NULL,
            offset_minutes INTEGER NOT NULL,
            channel TEXT,
            value TEXT,
            segment TEXT,
            properties TEXT
        );
        INSERT INTO events_log (journey_id, seq, event_id, touchpoint, occurred_at, offset_minutes, channel, value, segment, properties)
            SELECT journey_id, seq, event_id, touchpoint, occurred_at, offset_minutes, channel, value, segment, properties FROM events ORDER BY journey_id, seq;
        DROP TABLE events;
        ALTER TABLE events_log RENAME TO events;
        CREATE UNIQUE INDEX events_journey_event ON events (journey_id, event_id);
        """,

        // 3: identity links: every linked id points at its group's customer id (flattened: never at another linked id)
        """
        CREATE TABLE identity_links (
            id TEXT NOT NULL PRIMARY KEY,
            customer TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX identity_links_customer ON identity_links (customer);
        """,

        // 4: definition versions: which version each journey was folded with (and from which of its events on), and the
        // definition documents by version, so journeys kept on an older version can be folded with it later
        """
        ALTER TABLE journeys ADD COLUMN definition_version TEXT;
        ALTER TABLE journeys ADD COLUMN definition_version_since INTEGER;
        CREATE TABLE definitions (
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (name, version)
        ) WITHOUT ROWID;
        """,

        // 5: the dispatcher's state beside the events: its checkpoint in the log, the deliveries owed to handlers
        // (pending or parked; delivered ones are deleted) and each journey's next inactivity lapse
        """
        CREATE TABLE delivery_checkpoint (name TEXT NOT NULL PRIMARY KEY, position INTEGER NOT NULL);
        INSERT INTO delivery_checkpoint (name, position) VALUES ('default', 0);
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            position INTEGER NOT NULL,
            handler TEXT NOT NULL,
            definition TEXT NOT NULL,
            customer TEXT NOT NULL,
            seq INTEGER NOT NULL,
            from_stage TEXT,
            to_stage TEXT NOT NULL,
            cause INTEGER NOT NULL,
            touchpoint TEXT,
            channel TEXT,
            event_id TEXT,
            occurred_at INTEGER NOT NULL,
            segment TEXT,
            state INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_at INTEGER NOT NULL,
            lease_owner TEXT,
            lease_until INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            UNIQUE (position, handler)
        );
        CREATE INDEX deliveries_due ON deliveries (state, id);
        CREATE TABLE delivery_timers (
            definition TEXT NOT NULL,
            customer TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            PRIMARY KEY (definition, customer)
        ) WITHOUT ROWID;
        CREATE INDEX delivery_timers_due ON delivery_timers (due_at);
        CREATE INDEX delivery_timers_customer ON delivery_timers (customer);
        """,
    ];

    /// <summary>The schema version this code writes.</summary>
    public static int Latest => Migrations.Length;

    /// <summary>Brings the database up to <see cref="Latest"/>; a no-op when it is already there. Safe against concurrent openers.</summary>
    /// <returns>The number of migrations applied.</returns>
    public static int Migrate(SqliteConnection connection)
    {
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL); SELECT coalesce(max(version), 0) FROM schema_version;";
        var current = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (current > Latest)
        {
            throw new InvalidOperationException($"The database is at schema version {current}, newer than this version of CustomerJourney.Sqlite understands ({Latest}).");
        }

        for (var version = current + 1; version <= Latest; version++)
        {
            command.CommandText = Migrations[version - 1];
            command.ExecuteNonQuery();
            // the database's own clock stamps the migration (the library never reads the system clock itself)
            command.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES ($v, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));";
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$v", version);
            command.ExecuteNonQuery();
            command.Parameters.Clear();
        }

        transaction.Commit();
        return Latest - current;
    }
}
