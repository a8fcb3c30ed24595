using CustomerJourney.Definitions;

namespace CustomerJourney.Tracking;

/// <summary>How a <see cref="VersionedJourneyTracker"/> treats journeys recorded under other versions of its definition.</summary>
public sealed class DefinitionVersioningOptions
{
    /// <summary>Re-fold history under the current version, or keep journeys on the version they started with. Default: <see cref="DefinitionChangePolicy.Refold"/>.</summary>
    public DefinitionChangePolicy Policy { get; set; } = DefinitionChangePolicy.Refold;

    /// <summary>
    /// Earlier versions of the definition (same name) that journeys may be kept on. Versions the store keeps
    /// (every version a versioned tracker ran is saved there) need not be listed; guards are bound from the current engine.
    /// </summary>
    public IList<JourneyDefinition> EarlierVersions { get; } = [];

    /// <summary>
    /// The version a journey with no recorded version is taken to have started with (journeys written before versions
    /// were recorded); the current version when <see langword="null"/>. Only <see cref="DefinitionChangePolicy.KeepStartedVersion"/> uses it.
    /// </summary>
    public DefinitionVersion? UnrecordedVersion { get; set; }

    /// <summary>Every problem with these settings, each naming the setting; empty when they are valid.</summary>
    /// <returns>The problems found, in the order of the settings.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Policy))
        {
            errors.Add($"{nameof(DefinitionVersioningOptions)}.{nameof(Policy)} must be Refold or KeepStartedVersion (it is {Policy}).");
        }

        for (var i = 0; i < EarlierVersions.Count; i++)
        {
            if (EarlierVersions[i] is null)
            {
                errors.Add($"{nameof(DefinitionVersioningOptions)}.{nameof(EarlierVersions)}[{i}] is null.");
            }
        }

        return errors;
    }
}
