using CustomerJourney.Definitions;
using CustomerJourney.Tracking;

namespace CustomerJourney.Analytics;

/// <summary>
/// Touchpoint KPIs (owner, task, targets) against measured values: touches, customers reached, conversion after the
/// first touch, and attributed conversions/value when the caller supplies them. One pass over the journeys.
/// </summary>
public static class TouchpointKpiAnalysis
{
    /// <summary>Measures every touchpoint of <paramref name="definition"/>.</summary>
    /// <param name="journeys">The journeys (of this definition).</param>
    /// <param name="definition">The definition with the touchpoints and their KPIs.</param>
    /// <param name="options">Filter and attributed values; the defaults when <see langword="null"/>.</param>
    /// <returns>One entry per touchpoint, in declaration order.</returns>
    /// <exception cref="ArgumentException">The options are invalid (<see cref="KpiOptions.Validate"/>; the message names every problem).</exception>
    public static IReadOnlyList<TouchpointKpis> Compute(IEnumerable<Journey> journeys, JourneyDefinition definition, KpiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(journeys);
        ArgumentNullException.ThrowIfNull(definition);
        options ??= new KpiOptions();
        OptionsCheck.ThrowIfInvalid(options.Validate(), nameof(KpiOptions), nameof(options));
        var filter = options.Filter ?? JourneyFilter.All;
        var attributedConversions = options.AttributedConversions;
        var attributedValue = options.AttributedValue;
        var count = definition.Touchpoints.Count;
        var position = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var t = 0; t < count; t++)
        {
            position[definition.Touchpoints[t].Id] = t;
        }

        var touches = new long[count];
        var reached = new long[count];
        var converted = new long[count];
        var firstTouch = new long[count];
        Engine.JourneyEngine? engine = null;
        int[] map = [];
        foreach (var journey in journeys)
        {
            if (!filter.Matches(journey))
            {
                continue;
            }

            if (!ReferenceEquals(engine, journey.Engine))
            {
                engine = journey.Engine;
                map = new int[engine.TouchpointCount];
                for (var t = 0; t < map.Length; t++)
                {
                    map[t] = position.TryGetValue(engine.TouchpointId(t), out var p) ? p : -1;
                }
            }

            Array.Fill(firstTouch, long.MaxValue);
            for (var i = 0; i < journey.TouchCount; i++)
            {
                var t = map[journey.TouchTouchpoint(i)];
                if (t < 0)
                {
                    continue;
                }

                touches[t]++;
                if (firstTouch[t] == long.MaxValue)
                {
                    firstTouch[t] = journey.TouchTicks(i);
                    reached[t]++;
                }
            }

            var lastGoal = long.MinValue;
            for (var i = 0; i < journey.VisitCount; i++)
            {
                if (engine.IsGoalIndex(journey.VisitStage(i)))
                {
                    lastGoal = Math.Max(lastGoal, journey.VisitEnteredTicks(i));
                }
            }

            for (var t = 0; t < count; t++)
            {
                if (firstTouch[t] != long.MaxValue && lastGoal >= firstTouch[t])
                {
                    converted[t]++;
                }
            }
        }

        var result = new TouchpointKpis[count];
        for (var t = 0; t < count; t++)
        {
            var touchpoint = definition.Touchpoints[t];
            var rate = reached[t] == 0 ? 0 : (double)converted[t] / reached[t];
            var kpis = touchpoint.Kpis.Select(kpi =>
            {
                decimal? measured = kpi.Metric switch
                {
                    KpiMetric.Touches => touches[t],
                    KpiMetric.CustomersReached => reached[t],
                    KpiMetric.ConversionRate => reached[t] == 0 ? 0m : (decimal)converted[t] / reached[t],
                    KpiMetric.AttributedConversions => attributedConversions is not null && attributedConversions.TryGetValue(touchpoint.Id, out var c) ? (decimal)c : null,
                    KpiMetric.AttributedValue => Lookup(attributedValue, touchpoint.Id),
                    _ => null,
                };
                var status = measured is { } m ? (kpi.IsMet(m) ? KpiStatus.Met : KpiStatus.Missed) : KpiStatus.NotMeasured;
                return new KpiResult { Kpi = kpi, Measured = measured, Status = status };
            }).ToArray();
            result[t] = new TouchpointKpis
            {
                Touchpoint = touchpoint.Id,
                Channel = touchpoint.Channel,
                Owner = touchpoint.Owner,
                Task = touchpoint.Task,
                Touches = touches[t],
                CustomersReached = reached[t],
                ConversionRate = rate,
                Kpis = kpis,
            };
        }

        return result;
    }

    private static decimal? Lookup(IReadOnlyDictionary<string, decimal>? values, string touchpoint) =>
        values is not null && values.TryGetValue(touchpoint, out var value) ? value : null;
}
