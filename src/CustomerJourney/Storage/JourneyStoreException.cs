namespace CustomerJourney.Storage;

/// <summary>
/// A journey store failed for a reason outside the caller's data: it cannot be reached or written
/// (<see cref="JourneyStoreUnavailableException"/>) or its contents are damaged (<see cref="JourneyStoreCorruptException"/>).
/// The driver's exception is the inner exception. A batch that failed this way was not written; what was committed
/// before stays.
/// </summary>
public abstract class JourneyStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened and what to do, in one sentence or two.</param>
    /// <param name="innerException">The driver's exception.</param>
    protected JourneyStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
