namespace CustomerJourney.Sqlite;

/// <summary>How SQLite flushes a committed transaction to disk (<c>PRAGMA synchronous</c>).</summary>
public enum SqliteSynchronousMode
{
    /// <summary>No syncs: fastest, but a power loss or OS crash may lose or corrupt recent commits.</summary>
    Off = 0,

    /// <summary>With WAL, syncs at checkpoints only: a power loss may lose the latest commits (never corrupts).</summary>
    Normal = 1,

    /// <summary>Syncs the WAL on every commit: a committed append survives a power loss (the default).</summary>
    Full = 2,

    /// <summary>Like <see cref="Full"/>, also syncing the directory; for file systems that need it.</summary>
    Extra = 3,
}

/// <summary>Settings of a <see cref="SqliteJourneyStore"/>.</summary>
public sealed class SqliteJourneyStoreOptions
{
    /// <summary>The database file; created when missing. Ignored when <see cref="ConnectionString"/> is set.</summary>
    public string? Path { get; set; }

    /// <summary>A full Microsoft.Data.Sqlite connection string, for settings beyond <see cref="Path"/> (e.g. a shared-cache memory database).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long an operation waits for another writer's lock on the file before failing. Default 30 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How commits are flushed. Default <see cref="SqliteSynchronousMode.Full"/>: every acknowledged append is durable.</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>Events per multi-row <c>INSERT</c> statement (1 to 64). Default 4: Microsoft.Data.Sqlite binds parameters by name, a lookup that grows with the statement, so small statements bind fastest.</summary>
    public int InsertBatchRows { get; set; } = 4;
}
