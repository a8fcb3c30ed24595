using CustomerJourney.Internal;

namespace CustomerJourney.Analytics.Attribution;

/// <summary>
/// Many channel paths towards one goal, stored compactly (channel ids in one flat array), with the distinct channels
/// sorted by ordinal name. What a conversion is (a purchase, reaching Consideration, ...) is up to whoever built it.
/// </summary>
public sealed class PathDataset
{
    private readonly string[] channels;

    internal PathDataset(string[] channels, int[] offsets, int[] touches, double[] conversions, decimal[] values, double[] nulls, double[]? touchSeconds)
    {
        this.channels = channels;
        Offsets = offsets;
        Touches = touches;
        ConversionCounts = conversions;
        Values = values;
        ValuesAsDouble = new double[values.Length];
        NullCounts = nulls;
        TouchSeconds = touchSeconds;
        foreach (var c in conversions)
        {
            TotalConversions += c;
        }

        for (var i = 0; i < values.Length; i++)
        {
            TotalValue += values[i];
            ValuesAsDouble[i] = (double)values[i];
        }

        TotalValueAsDouble = (double)TotalValue;

        foreach (var n in nulls)
        {
            TotalNulls += n;
        }
    }

    /// <summary>The distinct channels, sorted by ordinal name; includes channels declared but never touched.</summary>
    public IReadOnlyList<string> Channels => channels;

    /// <summary>The number of paths.</summary>
    public int Count => ConversionCounts.Length;

    /// <summary>The number of touches over all paths.</summary>
    public int TouchCount => Touches.Length;

    /// <summary>The conversions over all paths.</summary>
    public double TotalConversions { get; }

    /// <summary>The conversion value over all paths, in the currency of the paths' values (exact).</summary>
    public decimal TotalValue { get; }

    /// <summary>The non-converting journeys over all paths.</summary>
    public double TotalNulls { get; }

    internal int ChannelCount => channels.Length;

    /// <summary>Start of each path in <see cref="Touches"/>; <c>Count + 1</c> entries.</summary>
    internal int[] Offsets { get; }

    /// <summary>Channel ids (indexes into <see cref="Channels"/>) of every touch, path after path.</summary>
    internal int[] Touches { get; }

    internal double[] ConversionCounts { get; }

    /// <summary>Each path's conversion value, exactly.</summary>
    internal decimal[] Values { get; }

    /// <summary>Each path's conversion value as a double, for the models' arithmetic (credit shares are doubles).</summary>
    internal double[] ValuesAsDouble { get; }

    /// <summary><see cref="TotalValue"/> as a double.</summary>
    internal double TotalValueAsDouble { get; }

    internal double[] NullCounts { get; }

    /// <summary>Seconds before the conversion per touch, NaN for paths without times; null when no path has times.</summary>
    internal double[]? TouchSeconds { get; }

    /// <summary>Builds a dataset from paths.</summary>
    /// <param name="paths">The paths; rows may repeat the same channel sequence.</param>
    /// <param name="additionalChannels">Channels to list even if no path touches them (they get zero credit).</param>
    /// <returns>The dataset.</returns>
    public static PathDataset Create(IEnumerable<ChannelPath> paths, IEnumerable<string>? additionalChannels = null)
    {
        Guard.NotNull(paths);
        var builder = new PathDatasetBuilder();
        foreach (var path in paths)
        {
            Guard.NotNull(path);
            var times = path.TimesBeforeConversion;
            for (var i = 0; i < path.Channels.Count; i++)
            {
                builder.AddTouch(builder.ChannelId(path.Channels[i]), times is null ? double.NaN : times[i].TotalSeconds);
            }

            builder.EndPath(path.Conversions, path.Value, path.Nulls);
        }

        foreach (var channel in additionalChannels ?? [])
        {
            builder.ChannelId(Guard.NotNullOrWhiteSpace(channel));
        }

        return builder.Build();
    }

    /// <summary>The path at <paramref name="index"/>.</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    /// <returns>A copy of the path.</returns>
    public ChannelPath GetPath(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var start = Offsets[index];
        var end = Offsets[index + 1];
        var names = new string[end - start];
        for (var i = start; i < end; i++)
        {
            names[i - start] = channels[Touches[i]];
        }

        TimeSpan[]? times = null;
        if (TouchSeconds is not null && !double.IsNaN(TouchSeconds[start]))
        {
            times = new TimeSpan[end - start];
            for (var i = start; i < end; i++)
            {
                times[i - start] = TimeSpan.FromSeconds(TouchSeconds[i]);
            }
        }

        return new ChannelPath(names, ConversionCounts[index], Values[index], NullCounts[index], times);
    }
}
