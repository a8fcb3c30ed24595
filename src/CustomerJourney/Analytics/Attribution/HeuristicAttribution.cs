namespace CustomerJourney.Analytics.Attribution;

/// <summary>The rule-based models: each path's conversions and value are split over its touches by fixed weights.</summary>
internal static class HeuristicAttribution
{
    public static void Compute(PathDataset data, AttributionOptions options, double[] conversions, double[] values)
    {
        var touches = data.Touches;
        var offsets = data.Offsets;
        var weights = new double[64];
        var decayPerStep = Math.Pow(2, -1 / options.HalfLife);
        for (var p = 0; p < data.Count; p++)
        {
            var pathConversions = data.ConversionCounts[p];
            var pathValue = data.ValuesAsDouble[p];
            if (pathConversions == 0 && pathValue == 0)
            {
                continue;
            }

            var start = offsets[p];
            var length = offsets[p + 1] - start;
            switch (options.Model)
            {
                case AttributionModel.FirstTouch:
                    conversions[touches[start]] += pathConversions;
                    values[touches[start]] += pathValue;
                    continue;
                case AttributionModel.LastTouch:
                    conversions[touches[start + length - 1]] += pathConversions;
                    values[touches[start + length - 1]] += pathValue;
                    continue;
            }

            if (weights.Length < length)
            {
                weights = new double[Math.Max(length, weights.Length * 2)];
            }

            var w = weights.AsSpan(0, length);
            switch (options.Model)
            {
                case AttributionModel.Linear:
                    w.Fill(1.0 / length);
                    break;
                case AttributionModel.TimeDecay:
                    TimeDecayWeights(data, options, decayPerStep, start, w);
                    break;
                default:
                    PositionWeights(options, w);
                    break;
            }

            for (var i = 0; i < length; i++)
            {
                var channel = touches[start + i];
                conversions[channel] += pathConversions * w[i];
                values[channel] += pathValue * w[i];
            }
        }
    }

    /// <summary>Weight 2^(-age / half-life), normalised; age in steps back from the last touch, or in time when known.</summary>
    private static void TimeDecayWeights(PathDataset data, AttributionOptions options, double decayPerStep, int start, Span<double> w)
    {
        var seconds = data.TouchSeconds;
        var sum = 0.0;
        if (seconds is not null && !double.IsNaN(seconds[start]))
        {
            var halfLife = options.HalfLifeTime.TotalSeconds;
            var youngest = double.PositiveInfinity;
            for (var i = 0; i < w.Length; i++)
            {
                youngest = Math.Min(youngest, seconds[start + i]);
            }

            for (var i = 0; i < w.Length; i++)
            {
                w[i] = Math.Pow(2, -(seconds[start + i] - youngest) / halfLife);
                sum += w[i];
            }
        }
        else
        {
            var weight = 1.0;
            for (var i = w.Length - 1; i >= 0; i--)
            {
                w[i] = weight;
                sum += weight;
                weight *= decayPerStep;
            }
        }

        for (var i = 0; i < w.Length; i++)
        {
            w[i] /= sum;
        }
    }

    /// <summary>One touch: all of it. Two: first and last in proportion to their weights (50/50 when equal). More: first, middle share, last.</summary>
    private static void PositionWeights(AttributionOptions options, Span<double> w)
    {
        switch (w.Length)
        {
            case 1:
                w[0] = 1;
                return;
            case 2:
                var ends = options.FirstTouchWeight + options.LastTouchWeight;
                w[0] = ends > 0 ? options.FirstTouchWeight / ends : 0.5;
                w[1] = 1 - w[0];
                return;
            default:
                w[0] = options.FirstTouchWeight;
                w[^1] = options.LastTouchWeight;
                w[1..^1].Fill(options.MiddleTouchesWeight / (w.Length - 2));
                return;
        }
    }
}
