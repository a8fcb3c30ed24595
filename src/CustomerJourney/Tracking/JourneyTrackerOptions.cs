namespace CustomerJourney.Tracking;

/// <summary>Limits and policies of a <see cref="JourneyTracker"/>.</summary>
public sealed class JourneyTrackerOptions
{
    /// <summary>The longest event or customer id accepted. Default 128.</summary>
    public int MaxIdLength { get; set; } = 128;

    /// <summary>The largest value accepted. Default 1,000,000,000,000.</summary>
    public decimal MaxValue { get; set; } = 1_000_000_000_000m;

    /// <summary>How far in the future (by the tracker's clock) an event may lie. Default one day.</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How much older than a journey's latest touch an event may be and still be placed in time order.
    /// <see langword="null"/> (the default) accepts any lateness: the journey is recomputed from the late event on.
    /// </summary>
    public TimeSpan? MaxLateness { get; set; }

    /// <summary>The most touches one journey may record. Default 100,000.</summary>
    public int MaxTouchesPerJourney { get; set; } = 100_000;

    /// <summary>The most entries in an event's property bag. Default 32.</summary>
    public int MaxProperties { get; set; } = 32;

    /// <summary>The longest property key (64 by default); values may be 16 times longer.</summary>
    public int MaxPropertyKeyLength { get; set; } = 64;

    /// <summary>How often to retry an append that conflicted with another writer (with randomised exponential back-off). Default 16.</summary>
    public int MaxConflictRetries { get; set; } = 16;

    /// <summary>The number of lock shards customers are spread over (a power of two). Default 64.</summary>
    public int Shards { get; set; } = 64;
}
