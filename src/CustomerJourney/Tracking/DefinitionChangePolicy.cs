namespace CustomerJourney.Tracking;

/// <summary>What a <see cref="VersionedJourneyTracker"/> does with journeys recorded under an earlier version of its definition.</summary>
public enum DefinitionChangePolicy
{
    /// <summary>
    /// Fold every journey's whole history under the current version: the map means the same for every customer, and
    /// customers may stand somewhere new without any event of theirs (preview that with <c>journey diff</c>). Each
    /// journey's record moves to the current version at its next write, with <see cref="Storage.RecordedDefinitionVersion.Since"/>
    /// marking where.
    /// </summary>
    Refold = 0,

    /// <summary>
    /// Keep every journey on the version it started with (the version recorded for it); only journeys that start after
    /// the change follow the current version. Nobody moves without an event, but old and new journeys follow different
    /// maps, an old journey can only take touchpoints its version knows, and every version still in use must stay available.
    /// </summary>
    KeepStartedVersion = 1,
}
