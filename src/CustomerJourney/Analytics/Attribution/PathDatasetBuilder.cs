namespace CustomerJourney.Analytics.Attribution;

/// <summary>Accumulates touches and paths into the flat arrays of a <see cref="PathDataset"/>.</summary>
internal sealed class PathDatasetBuilder
{
    private readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);
#if NET9_0_OR_GREATER
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> spanIds;
#endif
    private readonly List<string> names = [];
    private readonly List<int> offsets = [0];
    private readonly List<int> touches = [];
    private readonly List<double> seconds = [];
    private readonly List<double> conversions = [];
    private readonly List<decimal> values = [];
    private readonly List<double> nulls = [];
    private bool anyTimes;

    public PathDatasetBuilder()
    {
#if NET9_0_OR_GREATER
        spanIds = ids.GetAlternateLookup<ReadOnlySpan<char>>();
#endif
    }

    public int PendingTouches => touches.Count - offsets[^1];

    public int ChannelId(string name)
    {
        if (!ids.TryGetValue(name, out var id))
        {
            id = names.Count;
            ids.Add(name, id);
            names.Add(name);
        }

        return id;
    }

    public int ChannelId(ReadOnlySpan<char> name)
    {
#if NET9_0_OR_GREATER
        if (spanIds.TryGetValue(name, out var id))
        {
            return id;
        }
#endif
        return ChannelId(name.ToString());
    }

    public void AddTouch(int channelId, double secondsBeforeConversion)
    {
        touches.Add(channelId);
        seconds.Add(secondsBeforeConversion);
        anyTimes |= !double.IsNaN(secondsBeforeConversion);
    }

    public void EndPath(double conversionCount, decimal value, double nullCount)
    {
        offsets.Add(touches.Count);
        conversions.Add(conversionCount);
        values.Add(value);
        nulls.Add(nullCount);
    }

    public PathDataset Build()
    {
        var sorted = names.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        var remap = new int[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            remap[ids[sorted[i]]] = i;
        }

        var flat = touches.ToArray();
        for (var i = 0; i < flat.Length; i++)
        {
            flat[i] = remap[flat[i]];
        }

        return new PathDataset(sorted, [.. offsets], flat, [.. conversions], [.. values], [.. nulls], anyTimes ? [.. seconds] : null);
    }
}
