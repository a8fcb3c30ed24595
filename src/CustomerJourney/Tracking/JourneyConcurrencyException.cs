namespace CustomerJourney.Tracking;

/// <summary>An append kept conflicting with other writers beyond the retry limit; nothing was recorded for the event.</summary>
public sealed class JourneyConcurrencyException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="customerId">The contended customer.</param>
    /// <param name="attempts">How many attempts were made.</param>
    public JourneyConcurrencyException(string customerId, int attempts)
        : base($"Appending to the journey of customer '{customerId}' conflicted {attempts} times with other writers; the event was not recorded.")
    {
        CustomerId = customerId;
        Attempts = attempts;
    }

    /// <summary>The contended customer.</summary>
    public string CustomerId { get; }

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; }
}
