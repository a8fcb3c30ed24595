namespace CustomerJourney.Tracking;

/// <summary>
/// Limits and policies of the trackers (<see cref="JourneyTracker"/>, <see cref="StoreBackedJourneyTracker"/>) and of
/// the event rules they check (<see cref="IJourneyTracker.Validate(TouchpointEvent)"/>). A tracker validates the options and copies them when it is created
/// (later changes to this object do not affect it); out-of-range values throw <see cref="ArgumentException"/> naming
/// every offending option.
/// </summary>
public sealed class JourneyTrackerOptions
{
    /// <summary>The longest event or customer id accepted, 1 to 4,096. Default 128.</summary>
    public int MaxIdLength { get; set; } = 128;

    /// <summary>The largest value accepted, at least 0. Default 1,000,000,000,000.</summary>
    public decimal MaxValue { get; set; } = 1_000_000_000_000m;

    /// <summary>How far in the future (by the tracker's clock) an event may lie, at least zero. Default one day.</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How much older than a journey's latest touch an event may be and still be placed in time order (at least zero).
    /// <see langword="null"/> (the default) accepts any lateness: the journey is recomputed from the late event on.
    /// </summary>
    public TimeSpan? MaxLateness { get; set; }

    /// <summary>The most touches one journey may record, 1 to 10,000,000. Default 100,000.</summary>
    public int MaxTouchesPerJourney { get; set; } = 100_000;

    /// <summary>The most entries in an event's property bag, 0 to 1,024. Default 32.</summary>
    public int MaxProperties { get; set; } = 32;

    /// <summary>The longest property key, 1 to 1,024 (64 by default); values may be 16 times longer.</summary>
    public int MaxPropertyKeyLength { get; set; } = 64;

    /// <summary>
    /// How often a store-backed tracker retries an append that conflicted with another writer, 1 to 1,000 (with
    /// randomised exponential back-off capped at <see cref="MaxRetryDelay"/>). Default 16.
    /// </summary>
    public int MaxConflictRetries { get; set; } = 16;

    /// <summary>The longest wait between two conflict retries, 1 ms to 1 minute. Default 200 ms.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The number of lock shards customers are spread over, 1 to 4,096 (rounded up to a power of two). Default 64.</summary>
    public int Shards { get; set; } = 64;

    /// <summary>
    /// How many journeys a <see cref="StoreBackedJourneyTracker"/> keeps in memory (least recently used are evicted;
    /// the store holds everything, so evicting loses nothing): 0 caches nothing, otherwise 3 to 100,000,000. Default 100,000.
    /// </summary>
    public int CacheCapacity { get; set; } = 100_000;

    /// <summary>
    /// Evicts a cached journey that was not used for this long (<see langword="null"/>, the default: only
    /// <see cref="CacheCapacity"/> bounds the cache). Measured by the cache on the monotonic clock.
    /// </summary>
    public TimeSpan? CacheIdleTime { get; set; }

    /// <summary>
    /// What a read (<see cref="IJourneyTracker.GetJourneyAsync(string, CancellationToken)"/>) returns
    /// when the caller does not say. Default <see cref="Tracking.ReadConsistency.Latest"/>.
    /// </summary>
    public ReadConsistency ReadConsistency { get; set; } = ReadConsistency.Latest;

    /// <summary>Every option that is out of range, one message each; empty when the options are valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(MaxIdLength is >= 1 and <= 4096, nameof(MaxIdLength), "must lie between 1 and 4096", MaxIdLength);
        Check(MaxValue >= 0, nameof(MaxValue), "must not be negative", MaxValue);
        Check(MaxFutureSkew >= TimeSpan.Zero, nameof(MaxFutureSkew), "must not be negative", MaxFutureSkew);
        Check(MaxLateness is null || MaxLateness >= TimeSpan.Zero, nameof(MaxLateness), "must not be negative", MaxLateness);
        Check(MaxTouchesPerJourney is >= 1 and <= 10_000_000, nameof(MaxTouchesPerJourney), "must lie between 1 and 10,000,000", MaxTouchesPerJourney);
        Check(MaxProperties is >= 0 and <= 1024, nameof(MaxProperties), "must lie between 0 and 1024", MaxProperties);
        Check(MaxPropertyKeyLength is >= 1 and <= 1024, nameof(MaxPropertyKeyLength), "must lie between 1 and 1024", MaxPropertyKeyLength);
        Check(MaxConflictRetries is >= 1 and <= 1000, nameof(MaxConflictRetries), "must lie between 1 and 1000", MaxConflictRetries);
        Check(MaxRetryDelay >= TimeSpan.FromMilliseconds(1) && MaxRetryDelay <= TimeSpan.FromMinutes(1), nameof(MaxRetryDelay), "must lie between 1 ms and 1 minute", MaxRetryDelay);
        Check(Shards is >= 1 and <= 4096, nameof(Shards), "must lie between 1 and 4096", Shards);
        Check(CacheCapacity is 0 or (>= 3 and <= 100_000_000), nameof(CacheCapacity), "must be 0 (no cache) or lie between 3 and 100,000,000", CacheCapacity);
        Check(CacheIdleTime is null || CacheIdleTime > TimeSpan.Zero, nameof(CacheIdleTime), "must be positive", CacheIdleTime);
        Check(Enum.IsDefined(ReadConsistency), nameof(ReadConsistency), "must be Cached or Latest", ReadConsistency);
        return errors;

        void Check(bool ok, string name, string rule, object? value)
        {
            if (!ok)
            {
                errors.Add($"{nameof(JourneyTrackerOptions)}.{name} {rule} (it is {value?.ToString() ?? "null"}).");
            }
        }
    }

    /// <summary>A validated copy: what a tracker keeps.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message lists every one.</exception>
    internal JourneyTrackerOptions Snapshot()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), "options");
        }

        return (JourneyTrackerOptions)MemberwiseClone();
    }
}
