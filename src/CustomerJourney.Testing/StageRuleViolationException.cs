namespace CustomerJourney.Testing;

/// <summary>Thrown by <see cref="JourneyRules"/> and the rule properties when a stage rule does not hold; the message gives the counterexample.</summary>
public sealed class StageRuleViolationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StageRuleViolationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was violated and how.</param>
    public StageRuleViolationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was violated and how.</param>
    /// <param name="innerException">The failure that revealed it.</param>
    public StageRuleViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
