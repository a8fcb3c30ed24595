namespace CustomerJourney.Analytics.Attribution;

/// <summary>
/// Discovers the states and counts the transitions of a <see cref="MarkovChain"/>. A state is keyed by its channel tuple
/// in base (channels + 1); the step from a state by a channel always leads to the same state, so transitions are kept in
/// a dense (state, channel) table when the channel count is small, and states in a dense key table when the key space is.
/// </summary>
internal sealed class MarkovStateTable
{
    private const long DenseKeyLimit = 1 << 20;
    private const int DenseEdgeChannelLimit = 256;

    private readonly int channels;
    private readonly int[]? denseIds;
    private readonly Dictionary<long, int>? sparseIds;
    private readonly Dictionary<long, int>? sparseEdges;
    private readonly List<(int From, int To, double Weight)>? sparseEdgeList;
    private readonly Dictionary<int, double> startEdges = [];
    private int[] edgeTarget = [];
    private double[] edgeWeight = [];
    private long[] keys = new long[64];
    private int count = 1;

    public MarkovStateTable(long keySpace, int channels)
    {
        this.channels = channels;
        if (keySpace <= DenseKeyLimit)
        {
            denseIds = new int[keySpace];
            denseIds[0] = 1;
        }
        else
        {
            sparseIds = new() { [0] = 0 };
        }

        if (channels <= DenseEdgeChannelLimit)
        {
            edgeTarget = new int[keys.Length * channels];
            edgeWeight = new double[keys.Length * channels];
        }
        else
        {
            sparseEdges = [];
            sparseEdgeList = [];
        }

        Conversions = new double[keys.Length];
        Nulls = new double[keys.Length];
    }

    /// <summary>Conversions ending in each state (indexed by state; reallocated as states are added).</summary>
    public double[] Conversions { get; private set; }

    /// <summary>Nulls ending in each state.</summary>
    public double[] Nulls { get; private set; }

    /// <summary>Adds <paramref name="weight"/> to the transition from <paramref name="state"/> by <paramref name="channel"/> and returns its target.</summary>
    public int Step(int state, int channel, long targetKey, double weight)
    {
        if (sparseEdges is null)
        {
            var slot = (state * channels) + channel;
            var target = edgeTarget[slot] - 1;
            if (target < 0)
            {
                target = IdOf(targetKey);
                slot = (state * channels) + channel;
                edgeTarget[slot] = target + 1;
            }

            edgeWeight[slot] += weight;
            return target;
        }

        var to = IdOf(targetKey);
        var edgeKey = ((long)state << 32) | (uint)to;
        if (sparseEdges.TryGetValue(edgeKey, out var edge))
        {
            var e = sparseEdgeList![edge];
            sparseEdgeList[edge] = (e.From, e.To, e.Weight + weight);
        }
        else
        {
            sparseEdges.Add(edgeKey, sparseEdgeList!.Count);
            sparseEdgeList.Add((state, to, weight));
        }

        return to;
    }

    /// <summary>
    /// Adds <paramref name="weight"/> to the transition from start to the state keyed <paramref name="targetKey"/> and
    /// returns it (a first state can be a whole window, so it is not determined by one channel).
    /// </summary>
    public int StepFromStart(long targetKey, double weight)
    {
        var to = IdOf(targetKey);
        startEdges[to] = startEdges.GetValueOrDefault(to) + weight;
        return to;
    }

    public (long[] Keys, double[] Conversions, double[] Nulls, int[] From, int[] To, double[] Weight) Finish()
    {
        int[] from, to;
        double[] weight;
        if (sparseEdgeList is not null)
        {
            from = new int[sparseEdgeList.Count];
            to = new int[from.Length];
            weight = new double[from.Length];
            for (var e = 0; e < from.Length; e++)
            {
                (from[e], to[e], weight[e]) = sparseEdgeList[e];
            }
        }
        else
        {
            var edges = 0;
            for (var slot = 0; slot < count * channels; slot++)
            {
                edges += edgeTarget[slot] > 0 ? 1 : 0;
            }

            from = new int[edges];
            to = new int[edges];
            weight = new double[edges];
            var e = 0;
            for (var slot = 0; slot < count * channels; slot++)
            {
                if (edgeTarget[slot] > 0)
                {
                    from[e] = slot / channels;
                    to[e] = edgeTarget[slot] - 1;
                    weight[e++] = edgeWeight[slot];
                }
            }
        }

        if (startEdges.Count > 0)
        {
            var at = from.Length;
            Array.Resize(ref from, at + startEdges.Count);
            Array.Resize(ref to, from.Length);
            Array.Resize(ref weight, from.Length);
            foreach (var (target, w) in startEdges.OrderBy(e => e.Key))
            {
                from[at] = 0;
                to[at] = target;
                weight[at++] = w;
            }
        }

        return (keys[..count], Conversions[..count], Nulls[..count], from, to, weight);
    }

    private int IdOf(long key)
    {
        if (denseIds is not null)
        {
            var id = denseIds[key] - 1;
            if (id >= 0)
            {
                return id;
            }

            denseIds[key] = count + 1;
        }
        else if (sparseIds!.TryGetValue(key, out var id))
        {
            return id;
        }
        else
        {
            sparseIds.Add(key, count);
        }

        if (count == keys.Length)
        {
            Grow();
        }

        keys[count] = key;
        return count++;
    }

    private void Grow()
    {
        var capacity = keys.Length * 2;
        Array.Resize(ref keys, capacity);
        var conversions = Conversions;
        var nulls = Nulls;
        Array.Resize(ref conversions, capacity);
        Array.Resize(ref nulls, capacity);
        Conversions = conversions;
        Nulls = nulls;
        if (sparseEdges is null)
        {
            Array.Resize(ref edgeTarget, capacity * channels);
            Array.Resize(ref edgeWeight, capacity * channels);
        }
    }
}
