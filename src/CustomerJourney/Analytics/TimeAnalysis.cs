using CustomerJourney.Tracking;

namespace CustomerJourney.Analytics;

/// <summary>
/// Time in stage and time to convert, with Kaplan–Meier estimates: a stay that ended is an observed duration; a stay
/// still open at "now" (or a journey not yet converted) is right-censored at now − entered. "Now" is a parameter,
/// never the system clock.
/// </summary>
public static class TimeAnalysis
{
    /// <summary>Time in stage and time to convert, measured up to <paramref name="time"/>'s current time.</summary>
    /// <param name="journeys">The journeys.</param>
    /// <param name="time">The clock "now" is read from once.</param>
    /// <param name="filter">Which journeys; all when <see langword="null"/>.</param>
    /// <returns>The report.</returns>
    public static TimeReport Compute(IEnumerable<Journey> journeys, TimeProvider time, JourneyFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Compute(journeys, time.GetUtcNow(), filter);
    }

    /// <summary>Time in stage and time to convert, measured up to <paramref name="now"/>.</summary>
    /// <param name="journeys">The journeys.</param>
    /// <param name="now">Open stays are censored at this time.</param>
    /// <param name="filter">Which journeys; all when <see langword="null"/>.</param>
    /// <returns>The report.</returns>
    public static TimeReport Compute(IEnumerable<Journey> journeys, DateTimeOffset now, JourneyFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(journeys);
        filter ??= JourneyFilter.All;
        var nowTicks = now.UtcTicks;
        var byStage = new Dictionary<string, KaplanMeier.DurationBuffer>(StringComparer.Ordinal);
        var order = new List<string>();
        var toConvert = new KaplanMeier.DurationBuffer();
        Engine.JourneyEngine? engine = null;
        KaplanMeier.DurationBuffer?[] buffers = [];
        foreach (var journey in journeys)
        {
            if (!filter.Matches(journey) || journey.VisitCount == 0)
            {
                continue;
            }

            if (!ReferenceEquals(engine, journey.Engine))
            {
                engine = journey.Engine;
                buffers = new KaplanMeier.DurationBuffer?[engine.StageCount];
                foreach (var stage in engine.Definition.Stages)
                {
                    if (!byStage.ContainsKey(stage.Id))
                    {
                        order.Add(stage.Id);
                        byStage[stage.Id] = new KaplanMeier.DurationBuffer();
                    }
                }

                for (var s = 0; s < buffers.Length; s++)
                {
                    buffers[s] = byStage[engine.StageId(s)];
                }
            }

            var visits = journey.VisitCount;
            for (var i = 0; i < visits; i++)
            {
                var entered = journey.VisitEnteredTicks(i);
                var open = i == visits - 1;
                var left = open ? nowTicks : journey.VisitEnteredTicks(i + 1);
                buffers[journey.VisitStage(i)]!.Add(left - entered, !open);
            }

            var start = journey.VisitEnteredTicks(0);
            var converted = journey.ConvertedTicks;
            toConvert.Add(converted == long.MinValue ? nowTicks - start : converted - start, converted != long.MinValue);
        }

        var stages = new List<StageTime>();
        foreach (var id in order)
        {
            var buffer = byStage[id];
            if (buffer.Count > 0)
            {
                stages.Add(new StageTime { Stage = id, Time = buffer.Estimate() });
            }
        }

        return new TimeReport { Stages = stages, TimeToConvert = toConvert.Estimate() };
    }
}
