using CustomerJourney.Analytics.Attribution;
using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Internal;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;

namespace CustomerJourney.Analytics;

/// <summary>
/// The impact preview of a definition change: folds the same recorded events under the old and the new definition and
/// compares where customers stand, the funnel and attribution, before anything is switched over. Reads only; never writes.
/// </summary>
public static class DefinitionImpactAnalysis
{
    /// <summary>
    /// Folds every journey the store holds under <paramref name="before"/>'s name with both definitions, as of one time,
    /// and compares them.
    /// </summary>
    /// <param name="store">The store holding the recorded events.</param>
    /// <param name="before">The definition the events were recorded under (the store is read under its name).</param>
    /// <param name="after">The changed definition.</param>
    /// <param name="asOf">The time both sides are folded up to; the latest event's time when <see langword="null"/>.</param>
    /// <param name="model">The attribution model to compare.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The impact.</returns>
    public static async Task<DefinitionImpact> AnalyzeAsync(
        IJourneyStore store,
        JourneyEngine before,
        JourneyEngine after,
        DateTimeOffset? asOf = null,
        AttributionModel model = AttributionModel.Linear,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(store);
        Guard.NotNull(before);
        Guard.NotNull(after);
        var events = new List<TouchpointEvent>();
        await foreach (var stored in store.ReadAllAsync(before.Definition.Name, cancellationToken).ConfigureAwait(false))
        {
            events.AddRange(stored.Events);
        }

        return Analyze(events, before, after, asOf, model);
    }

    /// <summary>Folds <paramref name="events"/> (any customers, any order) with both definitions, as of one time, and compares them.</summary>
    /// <param name="events">The events.</param>
    /// <param name="before">The old definition.</param>
    /// <param name="after">The changed definition.</param>
    /// <param name="asOf">The time both sides are folded up to; the latest event's time when <see langword="null"/>.</param>
    /// <param name="model">The attribution model to compare.</param>
    /// <returns>The impact.</returns>
    public static DefinitionImpact Analyze(
        IReadOnlyCollection<TouchpointEvent> events,
        JourneyEngine before,
        JourneyEngine after,
        DateTimeOffset? asOf = null,
        AttributionModel model = AttributionModel.Linear)
    {
        Guard.NotNull(events);
        Guard.NotNull(before);
        Guard.NotNull(after);
        var time = asOf ?? (events.Count == 0 ? DateTimeOffset.UnixEpoch : events.Max(e => e.OccurredAt));
        var old = JourneySnapshot.FromEvents(events, before, time);
        var now = JourneySnapshot.FromEvents(events, after, time);
        return Compare(old, now, model);
    }

    /// <summary>Compares two snapshots of the same customers under two definitions.</summary>
    /// <param name="before">The journeys under the old definition.</param>
    /// <param name="after">The journeys under the new definition.</param>
    /// <param name="model">The attribution model to compare.</param>
    /// <returns>The impact (as of <paramref name="after"/>'s time).</returns>
    public static DefinitionImpact Compare(JourneySnapshot before, JourneySnapshot after, AttributionModel model = AttributionModel.Linear)
    {
        Guard.NotNull(before);
        Guard.NotNull(after);
        var stagesBefore = StageOf(before.Journeys);
        var stagesAfter = StageOf(after.Journeys);
        var pairs = new Dictionary<(string?, string?), long>();
        foreach (var (customer, from) in stagesBefore)
        {
            var to = stagesAfter.GetValueOrDefault(customer);
            pairs[(from, to)] = pairs.GetValueOrDefault((from, to)) + 1;
        }

        foreach (var (customer, to) in stagesAfter)
        {
            if (!stagesBefore.ContainsKey(customer))
            {
                pairs[(null, to)] = pairs.GetValueOrDefault((null, to)) + 1;
            }
        }

        var moves = pairs
            .Select(p => new StageMove { From = p.Key.Item1, To = p.Key.Item2, Customers = p.Value })
            .OrderByDescending(m => m.Customers)
            .ThenBy(m => m.From, StringComparer.Ordinal)
            .ThenBy(m => m.To, StringComparer.Ordinal)
            .ToList();

        var funnelBefore = FunnelAnalysis.Compute(before.Journeys, before.Engine.Definition);
        var funnelAfter = FunnelAnalysis.Compute(after.Journeys, after.Engine.Definition);
        var stepsBefore = funnelBefore.Steps.ToDictionary(s => s.Stage, s => s.Customers, StringComparer.Ordinal);
        var stepsAfter = funnelAfter.Steps.ToDictionary(s => s.Stage, s => s.Customers, StringComparer.Ordinal);
        var funnel = funnelAfter.Steps.Select(s => new FunnelStepChange { Stage = s.Stage, Before = stepsBefore.TryGetValue(s.Stage, out var b) ? b : null, After = s.Customers })
            .Concat(funnelBefore.Steps.Where(s => !stepsAfter.ContainsKey(s.Stage)).Select(s => new FunnelStepChange { Stage = s.Stage, Before = s.Customers, After = null }))
            .ToList();

        var creditBefore = Credit(before.Journeys, model);
        var creditAfter = Credit(after.Journeys, model);
        var attribution = creditBefore.Keys.Union(creditAfter.Keys, StringComparer.Ordinal)
            .Select(channel =>
            {
                var b = creditBefore.GetValueOrDefault(channel);
                var a = creditAfter.GetValueOrDefault(channel);
                return new ChannelCreditChange
                {
                    Channel = channel,
                    ConversionsBefore = b.Conversions,
                    ConversionsAfter = a.Conversions,
                    ValueBefore = b.Value,
                    ValueAfter = a.Value,
                };
            })
            .OrderByDescending(c => c.ConversionsAfter)
            .ThenByDescending(c => c.ConversionsBefore)
            .ThenBy(c => c.Channel, StringComparer.Ordinal)
            .ToList();

        return new DefinitionImpact
        {
            Diff = DefinitionDiff.Compare(before.Engine.Definition, after.Engine.Definition),
            AsOf = after.AsOf,
            Customers = stagesBefore.Keys.Union(stagesAfter.Keys, StringComparer.Ordinal).LongCount(),
            Moves = moves,
            Funnel = funnel,
            FunnelBefore = funnelBefore,
            FunnelAfter = funnelAfter,
            ConvertedBefore = before.Journeys.LongCount(j => j.ConvertedAt is not null),
            ConvertedAfter = after.Journeys.LongCount(j => j.ConvertedAt is not null),
            AttributionModel = model,
            Attribution = attribution,
        };
    }

    private static Dictionary<string, string> StageOf(IReadOnlyList<Journey> journeys)
    {
        var stages = new Dictionary<string, string>(journeys.Count, StringComparer.Ordinal);
        foreach (var journey in journeys)
        {
            stages[journey.CustomerId] = journey.Stage;
        }

        return stages;
    }

    private static Dictionary<string, (double Conversions, decimal Value)> Credit(IReadOnlyList<Journey> journeys, AttributionModel model)
    {
        var dataset = JourneyPaths.FromJourneys(journeys);
        var credit = new Dictionary<string, (double, decimal)>(StringComparer.Ordinal);
        if (dataset.Count == 0)
        {
            return credit;
        }

        foreach (var channel in AttributionEngine.Compute(dataset, model).Channels)
        {
            credit[channel.Channel] = (channel.Conversions, channel.Value);
        }

        return credit;
    }
}
