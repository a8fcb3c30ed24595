using System.Text;
using CustomerJourney.Tracking;

namespace CustomerJourney.Analytics;

/// <summary>The most common stage and touchpoint paths, and stage-to-stage flows, in one pass over the journeys.</summary>
public static class PathAnalysis
{
    private const char Separator = '\u001f';

    /// <summary>Counts paths and flows.</summary>
    /// <param name="journeys">The journeys.</param>
    /// <param name="options">Top N, collapsing, filter.</param>
    /// <returns>The report.</returns>
    public static PathReport Compute(IEnumerable<Journey> journeys, PathOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(journeys);
        options ??= new PathOptions();
        var filter = options.Filter ?? JourneyFilter.All;
        var stagePaths = new Dictionary<string, long>(StringComparer.Ordinal);
        var touchPaths = new Dictionary<string, long>(StringComparer.Ordinal);
        var flows = new Dictionary<(string From, string To), long>();
        var builder = new StringBuilder();
        long total = 0;
        foreach (var journey in journeys)
        {
            if (!filter.Matches(journey))
            {
                continue;
            }

            total++;
            var engine = journey.Engine;
            builder.Clear();
            var previous = -1;
            for (var i = 0; i < journey.VisitCount; i++)
            {
                var stage = journey.VisitStage(i);
                if (previous >= 0 && (stage != previous || !options.CollapseRepeats))
                {
                    var key = (engine.StageId(previous), engine.StageId(stage));
                    flows[key] = flows.GetValueOrDefault(key) + 1;
                }

                if (previous < 0 || stage != previous || !options.CollapseRepeats)
                {
                    Append(builder, engine.StageId(stage));
                }

                previous = stage;
            }

            Count(stagePaths, builder);
            builder.Clear();
            previous = -1;
            for (var i = 0; i < journey.TouchCount; i++)
            {
                var touchpoint = journey.TouchTouchpoint(i);
                if (previous < 0 || touchpoint != previous || !options.CollapseRepeats)
                {
                    Append(builder, engine.TouchpointId(touchpoint));
                }

                previous = touchpoint;
            }

            Count(touchPaths, builder);
        }

        var top = Math.Max(1, options.Top);
        return new PathReport(
            total,
            Top(stagePaths, top, total),
            Top(touchPaths, top, total),
            flows.OrderByDescending(f => f.Value).ThenBy(f => f.Key.From, StringComparer.Ordinal).ThenBy(f => f.Key.To, StringComparer.Ordinal)
                .Select(f => new StageFlow(f.Key.From, f.Key.To, f.Value)).ToArray());
    }

    private static void Append(StringBuilder builder, string id)
    {
        if (builder.Length > 0)
        {
            builder.Append(Separator);
        }

        builder.Append(id);
    }

    private static void Count(Dictionary<string, long> counts, StringBuilder builder)
    {
        var key = builder.ToString();
        counts[key] = counts.GetValueOrDefault(key) + 1;
    }

    private static PathCount[] Top(Dictionary<string, long> counts, int top, long total) =>
        counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(top)
            .Select(p => new PathCount(p.Key.Length == 0 ? [] : p.Key.Split(Separator), p.Value, total == 0 ? 0 : (double)p.Value / total))
            .ToArray();
}
