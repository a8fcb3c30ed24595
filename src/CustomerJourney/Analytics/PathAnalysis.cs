using System.Text;
using CustomerJourney.Tracking;

namespace CustomerJourney.Analytics;

/// <summary>The most common stage and touchpoint paths, and stage-to-stage flows, in one pass over the journeys.</summary>
public static class PathAnalysis
{
    private const char Separator = '\u001f';

    /// <summary>Counts paths and flows.</summary>
    /// <param name="journeys">The journeys.</param>
    /// <param name="options">Top N, collapsing, filter; the defaults when <see langword="null"/>.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">The options are invalid (<see cref="PathOptions.Validate"/>; the message names every problem).</exception>
    public static PathReport Compute(IEnumerable<Journey> journeys, PathOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(journeys);
        options ??= new PathOptions();
        OptionsCheck.ThrowIfInvalid(options.Validate(), nameof(PathOptions), nameof(options));
        var filter = options.Filter ?? JourneyFilter.All;
        var top = options.Top;
        var collapseRepeats = options.CollapseRepeats;
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
                if (previous >= 0 && (stage != previous || !collapseRepeats))
                {
                    var key = (engine.StageId(previous), engine.StageId(stage));
                    flows[key] = flows.GetValueOrDefault(key) + 1;
                }

                if (previous < 0 || stage != previous || !collapseRepeats)
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
                if (previous < 0 || touchpoint != previous || !collapseRepeats)
                {
                    Append(builder, engine.TouchpointId(touchpoint));
                }

                previous = touchpoint;
            }

            Count(touchPaths, builder);
        }

        return new PathReport
        {
            Journeys = total,
            StagePaths = Top(stagePaths, top, total),
            TouchpointPaths = Top(touchPaths, top, total),
            Flows = flows.OrderByDescending(f => f.Value).ThenBy(f => f.Key.From, StringComparer.Ordinal).ThenBy(f => f.Key.To, StringComparer.Ordinal)
                .Select(f => new StageFlow { From = f.Key.From, To = f.Key.To, Count = f.Value }).ToArray(),
        };
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
            .Select(p => new PathCount { Path = p.Key.Length == 0 ? [] : p.Key.Split(Separator), Count = p.Value, Share = total == 0 ? 0 : (double)p.Value / total })
            .ToArray();
}
