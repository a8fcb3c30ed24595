using CustomerJourney.Tracking;

namespace CustomerJourney.Analytics;

/// <summary>Which journeys an analysis looks at: by segment and by channel. An empty filter keeps every journey.</summary>
/// <param name="Segment">Keep only journeys whose <see cref="Journey.Segment"/> equals this (ordinal); <see langword="null"/> keeps all.</param>
/// <param name="Channel">Keep only journeys with at least one touch on this channel (ordinal); <see langword="null"/> keeps all.</param>
public sealed record JourneyFilter(string? Segment = null, string? Channel = null)
{
    /// <summary>The filter that keeps every journey.</summary>
    public static JourneyFilter All { get; } = new();

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
