using CustomerJourney.Tracking;

namespace CustomerJourney.Analytics;

/// <summary>
/// Which journeys an analysis looks at: by segment and by channel. An empty filter (<see cref="All"/>) keeps every journey.
/// </summary>
/// <example><code>var filter = new JourneyFilter { Segment = "b2b", Channel = "email" };</code></example>
public sealed record JourneyFilter
{
    /// <summary>The filter that keeps every journey.</summary>
    public static JourneyFilter All { get; } = new();

    /// <summary>
    /// Keep only journeys whose <see cref="Journey.Segment"/> equals this (ordinal); <see langword="null"/> (the default) keeps all.
    /// </summary>
    public string? Segment { get; init; }

    /// <summary>
    /// Keep only journeys with at least one touch on this channel (ordinal); <see langword="null"/> (the default) keeps all.
    /// </summary>
    public string? Channel { get; init; }

    /// <summary>Whether <paramref name="journey"/> passes the filter.</summary>
    /// <param name="journey">The journey.</param>
    /// <returns><see langword="true"/> when the journey is kept.</returns>
    public bool Matches(Journey journey)
    {
        ArgumentNullException.ThrowIfNull(journey);
        if (Segment is not null && !string.Equals(Segment, journey.Segment, StringComparison.Ordinal))
        {
            return false;
        }

        if (Channel is null)
        {
            return true;
        }

        for (var i = 0; i < journey.TouchCount; i++)
        {
            if (string.Equals(journey.TouchChannel(i), Channel, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
