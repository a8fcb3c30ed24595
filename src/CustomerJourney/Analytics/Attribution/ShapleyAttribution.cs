using System.Numerics;

namespace CustomerJourney.Analytics.Attribution;

/// <summary>
/// The simplified Shapley value: players are channels, v(S) = conversions (or value) of the paths whose channel set is a
/// subset of S. The Möbius transform (Harsanyi dividends) of v is known directly from the data: the dividend of a set T is
/// the conversions of the paths whose channel set is exactly T. The Shapley value is then exact:
/// phi_i = sum over T containing i of dividend(T) / |T|.
/// </summary>
internal static class ShapleyAttribution
{
    public const int MaxChannels = 20;

    public static void Compute(PathDataset data, double[] conversions, double[] values)
    {
        if (data.ChannelCount > MaxChannels)
        {
            throw new TooManyChannelsException(data.ChannelCount, MaxChannels, nameof(data));
        }

        var dividends = new Dictionary<uint, (double Conversions, double Value)>();
        for (var p = 0; p < data.Count; p++)
        {
            if (data.ConversionCounts[p] == 0 && data.ValuesAsDouble[p] == 0)
            {
                continue;
            }

            var set = 0u;
            for (var i = data.Offsets[p]; i < data.Offsets[p + 1]; i++)
            {
                set |= 1u << data.Touches[i];
            }

            dividends.TryGetValue(set, out var d);
            dividends[set] = (d.Conversions + data.ConversionCounts[p], d.Value + data.ValuesAsDouble[p]);
        }

        foreach (var (set, dividend) in dividends)
        {
            var size = BitOperations.PopCount(set);
            var shareConversions = dividend.Conversions / size;
            var shareValue = dividend.Value / size;
            for (var rest = set; rest != 0; rest &= rest - 1)
            {
                var channel = BitOperations.TrailingZeroCount(rest);
                conversions[channel] += shareConversions;
                values[channel] += shareValue;
            }
        }
    }
}
