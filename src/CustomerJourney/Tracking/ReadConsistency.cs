namespace CustomerJourney.Tracking;

/// <summary>What a read of a journey from a <see cref="StoreBackedJourneyTracker"/> may return.</summary>
public enum ReadConsistency
{
    /// <summary>
    /// The latest committed journey: the read loads the journey from the store, so appends made by other tracker
    /// instances over the same store are visible. Costs one store read.
    /// </summary>
    Latest = 0,

    /// <summary>
    /// The journey as this tracker last wrote or loaded it, when it is in the tracker's cache (no store read); otherwise
    /// as <see cref="Latest"/>. Appends by other instances become visible once this tracker writes to the journey
    /// again or evicts it. A read never adds a journey to the cache.
    /// </summary>
    Cached = 1,
}
