using CustomerJourney.Internal;
using CustomerJourney.Tracking;

namespace CustomerJourney.Analytics.Attribution;

/// <summary>Turns tracked journeys into attribution paths, for any goal.</summary>
public static class JourneyPaths
{
    /// <summary>
    /// The attribution paths of tracked journeys. A journey that reached one of <paramref name="goalStages"/> contributes
    /// its touches up to and including the one that first brought it there, as one conversion worth the values of the
    /// touches at that moment, with each touch's real time before the conversion (for time decay). A journey that never
    /// reached the goal contributes all its touches as a null path.
    /// </summary>
    /// <param name="journeys">The journeys (filter them first to break attribution down by segment).</param>
    /// <param name="goalStages">
    /// The stages that count as the goal, e.g. <c>consideration</c> to ask what brought customers into consideration;
    /// <see langword="null"/> means each journey's definition's goal stages (its <see cref="Journey.ConvertedAt"/>).
    /// </param>
    /// <param name="key">Whether to credit channels or touchpoints.</param>
    /// <returns>The dataset, ready for <see cref="AttributionEngine.Compute(PathDataset, AttributionModel)"/>.</returns>
    public static PathDataset FromJourneys(IEnumerable<Journey> journeys, IEnumerable<string>? goalStages = null, AttributionKey key = AttributionKey.Channel)
    {
        Guard.NotNull(journeys);
        var goals = goalStages?.ToHashSet(StringComparer.Ordinal);
        var paths = new List<ChannelPath>();
        foreach (var journey in journeys)
        {
            var touches = journey.Touches;
            if (touches.Count == 0)
            {
                continue;
            }

            var reachedAt = goals is null ? journey.ConvertedAt : FirstEntered(journey, goals);
            if (reachedAt is { } at)
            {
                var upTo = touches.Where(t => t.OccurredAt <= at).ToArray();
                if (upTo.Length == 0)
                {
                    continue; // reached the goal without a touch (the start stage is a goal): nothing to credit
                }

                var value = upTo.Where(t => t.OccurredAt == at).Sum(t => t.Value ?? 0);
                paths.Add(new ChannelPath(upTo.Select(t => Key(t, key)), 1, value, 0, upTo.Select(t => at - t.OccurredAt)));
            }
            else
            {
                var last = touches[^1].OccurredAt;
                paths.Add(new ChannelPath(touches.Select(t => Key(t, key)), 0, 0, 1, touches.Select(t => last - t.OccurredAt)));
            }
        }

        return PathDataset.Create(paths);
    }

    private static DateTimeOffset? FirstEntered(Journey journey, HashSet<string> stages)
    {
        foreach (var visit in journey.Visits)
        {
            if (stages.Contains(visit.Stage))
            {
                return visit.EnteredAt;
            }
        }

        return null;
    }

    private static string Key(JourneyTouch touch, AttributionKey key) => key == AttributionKey.Touchpoint ? touch.Touchpoint : touch.Channel;
}
