namespace CustomerJourney.Storage;

/// <summary>
/// The store's contents are damaged (for example a SQLite file with a broken page, or a PostgreSQL index reported
/// corrupt). Retrying does not help: restore from a backup or repair the database with its own tools.
/// </summary>
public sealed class JourneyStoreCorruptException : JourneyStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The driver's exception.</param>
    public JourneyStoreCorruptException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
