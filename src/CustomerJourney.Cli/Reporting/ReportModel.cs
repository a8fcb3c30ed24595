using System.Globalization;
using CustomerJourney.Analytics;
using CustomerJourney.Analytics.Attribution;
using CustomerJourney.Definitions;
using CustomerJourney.Tracking;

namespace CustomerJourney.Cli.Reporting;

/// <summary>
/// Everything the HTML report shows, as aggregates only (no per-customer rows): its size depends on the definition's
/// stages, touchpoints and channels and on the number of segments, never on the number of customers.
/// </summary>
internal sealed record ReportModel(
    string Definition,
    string Culture,
    bool RightToLeft,
    DateTimeOffset AsOf,
    IReadOnlyList<ReportStage> Stages,
    IReadOnlyList<string> FunnelStages,
    IReadOnlyList<string> Models,
    IReadOnlyList<SegmentReport> Segments)
{
    /// <summary>The segment key of all journeys together.</summary>
    public const string AllSegments = "all";

    /// <summary>The cultures the report knows stage names in.</summary>
    public static IReadOnlyList<string> Cultures { get; } = ["en", "lt", "sk", "fi", "ru", "fa"];

    /// <summary>The attribution models, in the order the report shows them.</summary>
    public static IReadOnlyList<AttributionModel> AttributionModels { get; } =
    [
        AttributionModel.FirstTouch, AttributionModel.LastTouch, AttributionModel.Linear, AttributionModel.TimeDecay,
        AttributionModel.PositionBased, AttributionModel.Markov, AttributionModel.Shapley,
    ];

    /// <summary>All journeys together.</summary>
    public SegmentReport All => Segments[0];

    /// <summary>Computes the report's aggregates of <paramref name="journeys"/> as of <paramref name="asOf"/>.</summary>
    public static ReportModel Build(JourneyDefinition definition, IReadOnlyList<Journey> journeys, DateTimeOffset asOf, string culture = "en")
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(journeys);
        var cultureInfo = CultureInfo.GetCultureInfo(culture);
        var stages = definition.Stages.Select(s => new ReportStage(s.Id, s.GetDisplayName(cultureInfo), s.IsGoal)).ToArray();

        // the funnel leaves out stages reached only by inactivity (e.g. "lapsed"): they are not a step towards the goal
        var permitted = definition.Transitions.Where(t => t.Kind == TransitionKind.Permit && t.To is not null).Select(t => t.To!).ToHashSet(StringComparer.Ordinal);
        var funnelStages = definition.Stages
            .Where(s => s.Id == definition.StartStage || permitted.Contains(s.Id) || !definition.InactivityRules.Any(r => r.To == s.Id))
            .Select(s => s.Id).ToArray();

        var segments = new List<SegmentReport> { Segment(AllSegments, journeys) };
        foreach (var group in journeys.GroupBy(j => j.Segment ?? SegmentBreakdown.NoSegment, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            segments.Add(Segment(group.Key, group.ToArray()));
        }

        return new ReportModel(
            definition.Name,
            cultureInfo.Name,
            cultureInfo.TextInfo.IsRightToLeft,
            asOf,
            stages,
            funnelStages,
            AttributionModels.Select(ModelName).ToArray(),
            segments);

        SegmentReport Segment(string name, IReadOnlyList<Journey> members)
        {
            var reached = new Dictionary<string, long>(StringComparer.Ordinal);
            var current = new Dictionary<string, long>(StringComparer.Ordinal);
            long converted = 0, conversions = 0, repeat = 0;
            decimal revenue = 0;
            foreach (var journey in members)
            {
                foreach (var stage in journey.Passes.Keys)
                {
                    reached[stage] = reached.GetValueOrDefault(stage) + 1;
                }

                current[journey.Stage] = current.GetValueOrDefault(journey.Stage) + 1;
                converted += journey.ConvertedAt is null ? 0 : 1;
                conversions += journey.Conversions;
                repeat += journey.Conversions > 1 ? 1 : 0;
                revenue += journey.TotalValue;
            }

            var funnel = FunnelAnalysis.Compute(members, funnelStages);
            var paths = PathAnalysis.Compute(members, new PathOptions(Top: 5));
            var time = TimeAnalysis.Compute(members, asOf);
            var channelPaths = JourneyPaths.FromJourneys(members, key: AttributionKey.Channel);
            var attribution = AttributionModels.Select(m => channelPaths.Count == 0 ? null : AttributionEngine.Compute(channelPaths, m)).ToArray();
            var channels = channelPaths.Count == 0 ? [] : channelPaths.Channels;

            // touchpoint KPIs measured against Markov attribution at touchpoint level
            var touchpointPaths = JourneyPaths.FromJourneys(members, key: AttributionKey.Touchpoint);
            KpiOptions kpiOptions = new();
            if (touchpointPaths.Count > 0)
            {
                var byTouchpoint = AttributionEngine.Compute(touchpointPaths, AttributionModel.Markov);
                kpiOptions = new KpiOptions(
                    AttributedConversions: byTouchpoint.Channels.ToDictionary(c => c.Channel, c => (decimal)c.Conversions, StringComparer.Ordinal),
                    AttributedValue: byTouchpoint.Channels.ToDictionary(c => c.Channel, c => (decimal)c.Value, StringComparer.Ordinal));
            }

            var kpis = TouchpointKpiAnalysis.Compute(members, definition, kpiOptions);
            return new SegmentReport(
                name,
                members.Count,
                converted,
                conversions,
                repeat,
                revenue,
                definition.Stages.Select(s => new StageCount(s.Id, reached.GetValueOrDefault(s.Id), current.GetValueOrDefault(s.Id))).ToArray(),
                paths.Flows,
                paths.StagePaths,
                funnel,
                time,
                channels,
                attribution.Select((r, i) => new ModelCredit(ModelName(AttributionModels[i]), channels.Select(c => r?.GetCredit(c) ?? new ChannelCredit(c, 0, 0)).ToArray())).ToArray(),
                kpis);
        }
    }

    /// <summary>The report's short name of an attribution model.</summary>
    public static string ModelName(AttributionModel model) => model switch
    {
        AttributionModel.FirstTouch => "first",
        AttributionModel.LastTouch => "last",
        AttributionModel.Linear => "linear",
        AttributionModel.TimeDecay => "time-decay",
        AttributionModel.PositionBased => "position",
        AttributionModel.Markov => "markov",
        AttributionModel.Shapley => "shapley",
        _ => model.ToString().ToLowerInvariant(),
    };
}

/// <summary>A stage as the report labels it.</summary>
internal sealed record ReportStage(string Id, string Name, bool Goal);

/// <summary>How many customers ever entered a stage, and how many are in it now.</summary>
internal sealed record StageCount(string Stage, long Reached, long Current);

/// <summary>One model's credit per channel, channels in the segment's order.</summary>
internal sealed record ModelCredit(string Model, IReadOnlyList<ChannelCredit> Channels);

/// <summary>The report of one segment (or of all journeys).</summary>
internal sealed record SegmentReport(
    string Name,
    long Journeys,
    long Converted,
    long Conversions,
    long RepeatBuyers,
    decimal Revenue,
    IReadOnlyList<StageCount> Stages,
    IReadOnlyList<StageFlow> Flows,
    IReadOnlyList<PathCount> TopPaths,
    FunnelReport Funnel,
    TimeReport Time,
    IReadOnlyList<string> Channels,
    IReadOnlyList<ModelCredit> Attribution,
    IReadOnlyList<TouchpointKpis> Kpis);
