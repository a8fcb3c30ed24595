using System.Globalization;
using CustomerJourney.Analytics;
using CustomerJourney.Analytics.Attribution;
using CustomerJourney.Definitions;
using CustomerJourney.Definitions.Rules;
using CustomerJourney.Tracking;

namespace CustomerJourney.Reporting;

/// <summary>
/// Everything the journey map shows, as aggregates only (no per-customer rows): its size depends on the definition's
/// stages, touchpoints and channels and on the number of segments, never on the number of customers.
/// </summary>
public sealed record ReportModel
{
    /// <summary>The definition's name.</summary>
    public required string Definition { get; init; }

    /// <summary>The culture stage names are in.</summary>
    public required string Culture { get; init; }

    /// <summary>Whether that culture writes right to left.</summary>
    public required bool RightToLeft { get; init; }

    /// <summary>The time the journeys are as of.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>The definition's stages, in declaration order.</summary>
    public required IReadOnlyList<ReportStage> Stages { get; init; }

    /// <summary>The funnel's stages (<see cref="FunnelAnalysis.Stages"/>).</summary>
    public required IReadOnlyList<string> FunnelStages { get; init; }

    /// <summary>The attribution models' short names, in the order the report shows them.</summary>
    public required IReadOnlyList<string> Models { get; init; }

    /// <summary>All journeys together.</summary>
    public required SegmentReport All { get; init; }

    /// <summary>One report per segment, ordered by name (ordinal); a segment may be named anything, <c>all</c> included.</summary>
    public required IReadOnlyList<SegmentReport> Segments { get; init; }

    /// <summary>The <see cref="SegmentReport.Name"/> of <see cref="All"/>; a segment of that name is still a segment.</summary>
    public const string AllJourneys = "*";

    /// <summary>
    /// The definition's stage rules (<see cref="JourneyDefinition.Rules"/>), each decided exactly on the stage graph; empty when it states none.
    /// <see cref="SegmentReport.RuleBreaks"/> counts, per rule in this order, the journeys whose recorded history breaks it.
    /// </summary>
    public IReadOnlyList<ReportRule> Rules { get; init; } = [];

    /// <summary>The cultures the built-in templates name their stages in.</summary>
    public static IReadOnlyList<string> Cultures { get; } = ["en", "lt", "sk", "fi", "ru", "fa"];

    /// <summary>The attribution models, in the order the report shows them.</summary>
    public static IReadOnlyList<AttributionModel> AttributionModels { get; } =
    [
        AttributionModel.FirstTouch, AttributionModel.LastTouch, AttributionModel.Linear, AttributionModel.TimeDecay,
        AttributionModel.PositionBased, AttributionModel.Markov, AttributionModel.Shapley,
    ];

    /// <summary>The report of a snapshot's journeys.</summary>
    /// <param name="snapshot">The journeys as of a time.</param>
    /// <param name="culture">The culture of stage names.</param>
    /// <returns>The model.</returns>
    public static ReportModel Build(JourneySnapshot snapshot, string culture = "en")
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Build(snapshot.Engine.Definition, snapshot.Journeys, snapshot.AsOf, culture);
    }

    /// <summary>Computes the report's aggregates of <paramref name="journeys"/> as of <paramref name="asOf"/>.</summary>
    /// <param name="definition">The definition the journeys follow.</param>
    /// <param name="journeys">The journeys.</param>
    /// <param name="asOf">The time they are as of (time in stage is censored there).</param>
    /// <param name="culture">The culture of stage names.</param>
    /// <returns>The model.</returns>
    /// <exception cref="CultureNotFoundException"><paramref name="culture"/> is not a culture.</exception>
    public static ReportModel Build(JourneyDefinition definition, IReadOnlyList<Journey> journeys, DateTimeOffset asOf, string culture = "en")
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(journeys);
        ArgumentNullException.ThrowIfNull(culture);
        var cultureInfo = CultureInfo.GetCultureInfo(culture);
        var stages = definition.Stages.Select(s => new ReportStage { Id = s.Id, Name = s.GetDisplayName(cultureInfo), Goal = s.IsGoal }).ToArray();
        var funnelStages = FunnelAnalysis.Stages(definition);
        var checker = definition.Rules.Count == 0 ? null : new StageRuleChecker(definition);
        var rules = checker?.CheckAll() ?? [];
        var segments = journeys
            .GroupBy(j => j.Segment ?? SegmentBreakdown.NoSegment, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Segment(definition, checker, g.Key, g.ToArray(), asOf))
            .ToArray();

        return new ReportModel
        {
            Definition = definition.Name,
            Culture = cultureInfo.Name,
            RightToLeft = cultureInfo.TextInfo.IsRightToLeft,
            AsOf = asOf,
            Stages = stages,
            FunnelStages = funnelStages,
            Models = AttributionModels.Select(ModelName).ToArray(),
            All = Segment(definition, checker, AllJourneys, journeys, asOf),
            Segments = segments,
            Rules = rules.Select(ReportRule.Of).ToArray(),
        };
    }

    /// <summary>The report's short name of an attribution model.</summary>
    /// <param name="model">The model.</param>
    /// <returns>Its short name, e.g. <c>markov</c>.</returns>
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

    private static SegmentReport Segment(JourneyDefinition definition, StageRuleChecker? checker, string name, IReadOnlyList<Journey> members, DateTimeOffset asOf)
    {

        var reached = new Dictionary<string, long>(StringComparer.Ordinal);
        var current = new Dictionary<string, long>(StringComparer.Ordinal);
        long converted = 0, conversions = 0, repeat = 0;
        decimal revenue = 0;
        foreach (var journey in members)
        {
            foreach (var stage in journey.GetPasses().Keys)
            {
                reached[stage] = reached.GetValueOrDefault(stage) + 1;
            }

            current[journey.Stage] = current.GetValueOrDefault(journey.Stage) + 1;
            converted += journey.ConvertedAt is null ? 0 : 1;
            conversions += journey.Conversions;
            repeat += journey.Conversions > 1 ? 1 : 0;
            revenue += journey.TotalValue;
        }

        var funnel = FunnelAnalysis.Compute(members, definition);
        var paths = PathAnalysis.Compute(members, new PathOptions { Top = 5 });
        var time = TimeAnalysis.Compute(members, asOf);
        var channelPaths = JourneyPaths.FromJourneys(members, key: AttributionKey.Channel);
        var channels = channelPaths.Count == 0 ? [] : channelPaths.Channels;
        var attribution = AttributionModels
            .Select(m => (Model: m, Result: channelPaths.Count == 0 ? null : AttributionEngine.Compute(channelPaths, m)))
            .Select(r => new ModelCredit { Model = ModelName(r.Model), Channels = channels.Select(c => r.Result?.GetCredit(c) ?? new ChannelCredit { Channel = c, Conversions = 0, Value = 0 }).ToArray() })
            .ToArray();

        // touchpoint KPIs measured against Markov attribution at touchpoint level
        var touchpointPaths = JourneyPaths.FromJourneys(members, key: AttributionKey.Touchpoint);
        var kpiOptions = new KpiOptions();
        if (touchpointPaths.Count > 0)
        {
            var byTouchpoint = AttributionEngine.Compute(touchpointPaths, AttributionModel.Markov);
            kpiOptions.AttributedConversions = byTouchpoint.Channels.ToDictionary(c => c.Channel, c => c.Conversions, StringComparer.Ordinal);
            kpiOptions.AttributedValue = byTouchpoint.Channels.ToDictionary(c => c.Channel, c => c.Value, StringComparer.Ordinal);
        }

        var kpis = TouchpointKpiAnalysis.Compute(members, definition, kpiOptions);
        return new SegmentReport
        {
            Name = name,
            Journeys = members.Count,
            Converted = converted,
            Conversions = conversions,
            RepeatBuyers = repeat,
            Revenue = revenue,
            Stages = definition.Stages.Select(s => new StageCount { Stage = s.Id, Reached = reached.GetValueOrDefault(s.Id), Current = current.GetValueOrDefault(s.Id) }).ToArray(),
            Flows = paths.Flows,
            TopPaths = paths.StagePaths,
            Funnel = funnel,
            Time = new ReportTime
            {
                Stages = time.Stages.Select(s => ReportDuration.Of(s.Stage, s.Time, withCurve: false)).ToArray(),
                Convert = ReportDuration.Of(null, time.TimeToConvert, withCurve: true),
            },
            Channels = channels,
            Attribution = attribution,
            Kpis = kpis,
            RuleBreaks = checker?.CountViolations(members) ?? [],
        };
    }
}
