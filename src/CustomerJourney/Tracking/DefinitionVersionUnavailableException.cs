namespace CustomerJourney.Tracking;

/// <summary>
/// A journey is kept on a definition version that is neither registered with its <see cref="VersionedJourneyTracker"/>
/// nor kept by the store, so it cannot be folded. Register that version (<see cref="DefinitionVersioningOptions.EarlierVersions"/>)
/// or let the tracker re-fold (<see cref="DefinitionChangePolicy.Refold"/>).
/// </summary>
public sealed class DefinitionVersionUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="definitionName">The definition's name.</param>
    /// <param name="version">The missing version.</param>
    /// <param name="customerId">The customer whose journey is kept on it.</param>
    public DefinitionVersionUnavailableException(string definitionName, string version, string customerId)
        : base($"The journey of customer '{customerId}' is kept on version {version} of '{definitionName}', which is neither registered nor kept by the store; register that version or re-fold.")
    {
        DefinitionName = definitionName;
        Version = version;
        CustomerId = customerId;
    }

    /// <summary>Creates the exception.</summary>
    public DefinitionVersionUnavailableException()
        : this(string.Empty, string.Empty, string.Empty)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public DefinitionVersionUnavailableException(string message)
        : base(message)
    {
        DefinitionName = Version = CustomerId = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DefinitionVersionUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        DefinitionName = Version = CustomerId = string.Empty;
    }

    /// <summary>The definition's name.</summary>
    public string DefinitionName { get; }

    /// <summary>The missing version.</summary>
    public string Version { get; }

    /// <summary>The customer whose journey is kept on it.</summary>
    public string CustomerId { get; }
}
