using CustomerJourney.Internal;

namespace CustomerJourney.Analytics.Attribution;

/// <summary>
/// One customer path towards a goal: the channels (or touchpoints) touched in order, and how many journeys that
/// followed it converted, their conversion value and how many did not convert (nulls). Independent of any tracking
/// type, so both aggregated path exports and tracked journeys can supply it.
/// </summary>
public sealed class ChannelPath
{
    private readonly string[] channels;
    private readonly TimeSpan[]? times;

    /// <summary>Creates a path.</summary>
    /// <param name="channels">The channels in touch order, first touch first; at least one, none empty or white space.</param>
    /// <param name="conversions">The journeys along this path that reached the goal (non-negative, finite).</param>
    /// <param name="value">Their total conversion value, in the data's currency (non-negative).</param>
    /// <param name="nulls">The journeys along this path that did not reach the goal (non-negative, finite).</param>
    /// <param name="timesBeforeConversion">
    /// Optional, one per touch: how long before the conversion (or the end of the journey) each touch happened,
    /// non-negative. Time decay then uses real time instead of steps.
    /// </param>
    /// <exception cref="ArgumentException">A channel is empty, there is none, or the times do not match the touches.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or not finite, the value is negative, or a time is negative.</exception>
    public ChannelPath(IEnumerable<string> channels, double conversions, decimal value = 0, double nulls = 0, IEnumerable<TimeSpan>? timesBeforeConversion = null)
    {
        this.channels = [.. Guard.NotNull(channels)];
        if (this.channels.Length == 0)
        {
            throw new ArgumentException("A path needs at least one channel.", nameof(channels));
        }

        foreach (var channel in this.channels)
        {
            if (string.IsNullOrWhiteSpace(channel))
            {
                throw new ArgumentException("A channel name is empty.", nameof(channels));
            }
        }

        Conversions = CheckCount(conversions, nameof(conversions));
        Value = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Must be non-negative.");
        Nulls = CheckCount(nulls, nameof(nulls));
        if (timesBeforeConversion is not null)
        {
            times = [.. timesBeforeConversion];
            if (times.Length != this.channels.Length)
            {
                throw new ArgumentException($"{times.Length} touch times for {this.channels.Length} touches.", nameof(timesBeforeConversion));
            }

            if (Array.Exists(times, t => t < TimeSpan.Zero))
            {
                throw new ArgumentOutOfRangeException(nameof(timesBeforeConversion), "A touch time before the conversion is negative.");
            }
        }
    }

    /// <summary>The channels in touch order, first touch first.</summary>
    public IReadOnlyList<string> Channels => channels;

    /// <summary>The journeys along this path that reached the goal.</summary>
    public double Conversions { get; }

    /// <summary>The total conversion value of those journeys, in the data's currency.</summary>
    public decimal Value { get; }

    /// <summary>The journeys along this path that did not reach the goal.</summary>
    public double Nulls { get; }

    /// <summary>One per touch, how long before the conversion it happened; <see langword="null"/> for plain path data.</summary>
    public IReadOnlyList<TimeSpan>? TimesBeforeConversion => times;

    /// <inheritdoc />
    public override string ToString() => $"{string.Join(" > ", channels)}: {Conversions} conversions, {Value} value, {Nulls} nulls";

    private static double CheckCount(double count, string name) =>
        double.IsFinite(count) && count >= 0 ? count : throw new ArgumentOutOfRangeException(name, count, "Must be finite and non-negative.");
}
