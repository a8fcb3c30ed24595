namespace CustomerJourney.Analytics.Attribution;

/// <summary>
/// The absorbing Markov chain of path data, order k. States: start (0), the channel tuples of
/// <see cref="MarkovStates"/> (by default ChannelAttribution's sliding windows of k raw touches), and the absorbing
/// conversion and null. Each path contributes its journeys
/// (conversions + nulls) to every transition along it, its conversions to last state → conversion and its nulls to
/// last state → null; transition probabilities are the row-normalised counts. Absorption probabilities are solved
/// exactly (to a relative residual of 1e-13) with Gauss-Seidel sweeps over the sparse transition rows.
/// </summary>
internal sealed class MarkovChain
{
    private const double Tolerance = 1e-13;
    private const int MaxSweeps = 1_000_000;

    private readonly int[] rowStart;
    private readonly int[] column;
    private readonly double[] probability;
    private readonly double[] toConversion;
    private readonly int[][] statesByChannel;

    private MarkovChain(int[] rowStart, int[] column, double[] probability, double[] toConversion, int[][] statesByChannel)
    {
        this.rowStart = rowStart;
        this.column = column;
        this.probability = probability;
        this.toConversion = toConversion;
        this.statesByChannel = statesByChannel;
    }

    /// <summary>Transient states including start.</summary>
    public int StateCount => toConversion.Length;

    public static MarkovChain Build(PathDataset data, int order, MarkovStates construction = MarkovStates.SlidingWindows)
    {
        var radix = (long)data.ChannelCount + 1;
        if (Math.Pow(radix, order) >= long.MaxValue / 2.0)
        {
            throw new ArgumentException($"{data.ChannelCount} channels are too many for a Markov chain of order {order}.", nameof(data));
        }

        var modulus = 1L;
        for (var i = 0; i < order; i++)
        {
            modulus *= radix;
        }

        var states = new MarkovStateTable(modulus, data.ChannelCount);
        for (var p = 0; p < data.Count; p++)
        {
            var journeys = data.ConversionCounts[p] + data.NullCounts[p];
            if (journeys == 0)
            {
                continue;
            }

            var state = construction == MarkovStates.SlidingWindows
                ? WalkWindows(data, p, order, radix, modulus, states, journeys)
                : WalkHistory(data, p, radix, modulus, states, journeys);
            states.Conversions[state] += data.ConversionCounts[p];
            states.Nulls[state] += data.NullCounts[p];
        }

        var (keys, conversions, nulls, edgeFrom, edgeTo, edgeWeight) = states.Finish();
        var n = keys.Length;
        var rowStart = new int[n + 1];
        var total = new double[n];
        for (var e = 0; e < edgeFrom.Length; e++)
        {
            rowStart[edgeFrom[e] + 1]++;
            total[edgeFrom[e]] += edgeWeight[e];
        }

        for (var s = 0; s < n; s++)
        {
            rowStart[s + 1] += rowStart[s];
            total[s] += conversions[s] + nulls[s];
        }

        var fill = rowStart[..n];
        var column = new int[edgeFrom.Length];
        var probability = new double[edgeFrom.Length];
        for (var e = 0; e < edgeFrom.Length; e++)
        {
            var at = fill[edgeFrom[e]]++;
            column[at] = edgeTo[e];
            probability[at] = edgeWeight[e] / total[edgeFrom[e]];
        }

        var toConversion = new double[n];
        for (var s = 0; s < n; s++)
        {
            toConversion[s] = total[s] > 0 ? conversions[s] / total[s] : 0;
        }

        var byChannel = new List<int>[data.ChannelCount];
        for (var s = 1; s < n; s++)
        {
            for (var key = keys[s]; key != 0; key /= radix)
            {
                var channel = (int)(key % radix) - 1;
                var list = byChannel[channel] ??= [];
                if (list.Count == 0 || list[^1] != s)
                {
                    list.Add(s);
                }
            }
        }

        var statesByChannel = new int[data.ChannelCount][];
        for (var c = 0; c < statesByChannel.Length; c++)
        {
            statesByChannel[c] = byChannel[c]?.ToArray() ?? [];
        }

        return new MarkovChain(rowStart, column, probability, toConversion, statesByChannel);
    }

    /// <summary>
    /// ChannelAttribution's states: the first state is the window of the first k raw touches (the whole path when it is
    /// shorter); each further touch slides the window by one, and a window equal to the previous one is not a new step.
    /// </summary>
    private static int WalkWindows(PathDataset data, int p, int order, long radix, long modulus, MarkovStateTable states, double journeys)
    {
        var touches = data.Touches;
        var start = data.Offsets[p];
        var end = data.Offsets[p + 1];
        var first = Math.Min(end, start + order);
        var key = 0L;
        for (var i = start; i < first; i++)
        {
            key = (key * radix) + touches[i] + 1;
        }

        var state = states.StepFromStart(key, journeys);
        for (var i = first; i < end; i++)
        {
            var next = ((key * radix) + touches[i] + 1) % modulus;
            if (next == key)
            {
                continue;
            }

            key = next;
            state = states.Step(state, touches[i], key, journeys);
        }

        return state;
    }

    /// <summary>The growing-history states: repeats collapsed, then the last up to k channels.</summary>
    private static int WalkHistory(PathDataset data, int p, long radix, long modulus, MarkovStateTable states, double journeys)
    {
        var touches = data.Touches;
        var key = 0L;
        var state = 0;
        var previous = -1;
        for (var i = data.Offsets[p]; i < data.Offsets[p + 1]; i++)
        {
            var channel = touches[i];
            if (channel == previous)
            {
                continue;
            }

            previous = channel;
            key = ((key * radix) + channel + 1) % modulus;
            state = states.Step(state, channel, key, journeys);
        }

        return state;
    }

    /// <summary>P(conversion) from start, and per channel the removal effect 1 - P(conversion | channel removed) / P(conversion).</summary>
    public (double ConversionProbability, double[] RemovalEffects) RemovalEffects()
    {
        var baseline = new double[StateCount];
        Solve(baseline, null);
        var probabilityOfConversion = baseline[0];
        var effects = new double[statesByChannel.Length];
        if (probabilityOfConversion <= 0)
        {
            return (0, effects);
        }

        var removed = new bool[StateCount];
        var h = new double[StateCount];
        for (var c = 0; c < effects.Length; c++)
        {
            if (statesByChannel[c].Length == 0)
            {
                continue;
            }

            foreach (var s in statesByChannel[c])
            {
                removed[s] = true;
            }

            baseline.CopyTo(h, 0);
            Solve(h, removed);
            effects[c] = Math.Clamp(1 - (h[0] / probabilityOfConversion), 0, 1);
            foreach (var s in statesByChannel[c])
            {
                removed[s] = false;
            }
        }

        return (probabilityOfConversion, effects);
    }

    /// <summary>
    /// Solves h = b + Q h for the absorption probabilities into conversion, removed states held at 0 (their inflow
    /// goes to null). Gauss-Seidel sweeps from the last-discovered state back to start (successors tend to be
    /// discovered after their predecessors), until the residual is at most 1e-13 of max h.
    /// </summary>
    private void Solve(double[] h, bool[]? removed)
    {
        if (removed is not null)
        {
            for (var s = 0; s < h.Length; s++)
            {
                if (removed[s])
                {
                    h[s] = 0;
                }
            }
        }

        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var change = 0.0;
            var largest = 0.0;
            for (var s = h.Length - 1; s >= 0; s--)
            {
                if (removed is not null && removed[s])
                {
                    continue;
                }

                var x = Row(s, h);
                change = Math.Max(change, Math.Abs(x - h[s]));
                largest = Math.Max(largest, x);
                h[s] = x;
            }

            if (change <= Tolerance * largest && Residual(h, removed) <= Tolerance * largest)
            {
                return;
            }
        }

        throw new InvalidOperationException("The Markov chain's absorption probabilities did not converge.");
    }

    private double Row(int s, double[] h)
    {
        var x = toConversion[s];
        for (var e = rowStart[s]; e < rowStart[s + 1]; e++)
        {
            x += probability[e] * h[column[e]];
        }

        return x;
    }

    private double Residual(double[] h, bool[]? removed)
    {
        var residual = 0.0;
        for (var s = 0; s < h.Length; s++)
        {
            if (removed is null || !removed[s])
            {
                residual = Math.Max(residual, Math.Abs(Row(s, h) - h[s]));
            }
        }

        return residual;
    }
}
