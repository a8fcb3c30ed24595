namespace CustomerJourney.Storage;

/// <summary>
/// The store cannot be reached, opened or written: a server that is down or refuses connections, a connection lost
/// mid-run, a read-only or locked file, a full disk. Retrying later may succeed; nothing of the failed batch was written.
/// </summary>
public sealed class JourneyStoreUnavailableException : JourneyStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The driver's exception.</param>
    public JourneyStoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
