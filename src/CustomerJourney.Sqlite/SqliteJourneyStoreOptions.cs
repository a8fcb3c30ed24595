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

    /// <summary>
    /// The page cache of each connection, in KiB (<c>PRAGMA cache_size</c>; 256 KiB to 4 GiB). Default 65536 (64 MiB):
    /// the secondary index and the journeys table of a million-event store stay cached, so a batch over random customers
    /// reads no index page from the file. Measurements in benchmarks/README.md.
    /// </summary>
    public int CacheSizeKiB { get; set; } = 65536;

    /// <summary>
    /// The write-ahead log's size, in pages, at which a commit checkpoints it into the database (<c>PRAGMA
    /// wal_autocheckpoint</c>; 0 turns automatic checkpoints off). Default 4096 (16 MiB of 4 KiB pages): a page changed
    /// by several commits between two checkpoints is copied to the database once. Measurements in benchmarks/README.md.
    /// </summary>
    public int WalAutoCheckpointPages { get; set; } = 4096;

    /// <summary>Every problem with these settings, each naming the setting and its value; empty when they are valid.</summary>
    /// <returns>The problems found, in the order of the settings.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(Path))
        {
            errors.Add("Set the database file's Path or a ConnectionString.");
        }

        Check(BusyTimeout >= TimeSpan.Zero && BusyTimeout <= TimeSpan.FromDays(1), nameof(BusyTimeout), "must lie between 0 and 1 day", BusyTimeout);
        Check(Enum.IsDefined(Synchronous), nameof(Synchronous), "must be Off, Normal, Full or Extra", Synchronous);
        Check(CacheSizeKiB is >= 256 and <= 4 << 20, nameof(CacheSizeKiB), "must lie between 256 and 4194304", CacheSizeKiB);
        Check(WalAutoCheckpointPages >= 0, nameof(WalAutoCheckpointPages), "must not be negative", WalAutoCheckpointPages);
        return errors;

        void Check(bool ok, string name, string rule, object value)
        {
            if (!ok)
            {
                errors.Add($"{nameof(SqliteJourneyStoreOptions)}.{name} {rule} (it is {value}).");
            }
        }
    }
}
