namespace CustomerJourney.Analytics.Attribution;

/// <summary>What tracked touches are credited to.</summary>
public enum AttributionKey
{
    /// <summary>The touch's channel (the event's override, or the touchpoint's own).</summary>
    Channel = 0,

    /// <summary>The touchpoint itself.</summary>
    Touchpoint = 1,
}
