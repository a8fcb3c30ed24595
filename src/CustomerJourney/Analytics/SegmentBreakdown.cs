using CustomerJourney.Tracking;

namespace CustomerJourney.Analytics;

/// <summary>Runs any analysis once per segment (by <see cref="Journey.Segment"/>), in one pass over the journeys.</summary>
public static class SegmentBreakdown
{
    /// <summary>The key used for journeys without a segment.</summary>
    public const string NoSegment = "(none)";

    /// <summary>Groups <paramref name="journeys"/> by segment and runs <paramref name="analysis"/> on each group.</summary>
    /// <typeparam name="T">The analysis result.</typeparam>
    /// <param name="journeys">The journeys.</param>
    /// <param name="analysis">The analysis, e.g. <c>g =&gt; FunnelAnalysis.Compute(g, stages)</c>.</param>
    /// <returns>The result per segment, ordered by segment (ordinal); journeys without a segment under <see cref="NoSegment"/>.</returns>
    public static IReadOnlyDictionary<string, T> By<T>(IEnumerable<Journey> journeys, Func<IEnumerable<Journey>, T> analysis)
    {
        ArgumentNullException.ThrowIfNull(journeys);
        ArgumentNullException.ThrowIfNull(analysis);
        var groups = new SortedDictionary<string, List<Journey>>(StringComparer.Ordinal);
        foreach (var journey in journeys)
        {
            var key = journey.Segment ?? NoSegment;
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }

            list.Add(journey);
        }

        var result = new Dictionary<string, T>(groups.Count, StringComparer.Ordinal);
        foreach (var (key, list) in groups)
        {
            result[key] = analysis(list);
        }

        return result;
    }
}
