using CustomerJourney.Analytics;

namespace CustomerJourney.Reporting;

/// <summary>The report of one segment, or of all journeys.</summary>
public sealed record SegmentReport
{
    /// <summary>The segment's name (<see cref="SegmentBreakdown.NoSegment"/> for journeys without one); <see cref="ReportModel.AllJourneys"/> for all journeys.</summary>
    public required string Name { get; init; }

    /// <summary>Journeys in it.</summary>
    public required long Journeys { get; init; }

    /// <summary>Customers who bought at least once.</summary>
    public required long Converted { get; init; }

    /// <summary>Purchases (goal entries).</summary>
    public required long Conversions { get; init; }

    /// <summary>Customers who bought more than once.</summary>
    public required long RepeatBuyers { get; init; }

    /// <summary>The sum of event values (<see cref="TouchpointEvent.Value"/>), in the events' currency.</summary>
    public required decimal Revenue { get; init; }

    /// <summary>Per stage of the definition: customers who reached it and who are in it now.</summary>
    public required IReadOnlyList<StageCount> Stages { get; init; }

    /// <summary>Moves between stages.</summary>
    public required IReadOnlyList<StageFlow> Flows { get; init; }

    /// <summary>The five most common stage paths.</summary>
    public required IReadOnlyList<PathCount> TopPaths { get; init; }

    /// <summary>The definition's funnel (<see cref="FunnelAnalysis.Stages"/>).</summary>
    public required FunnelReport Funnel { get; init; }

    /// <summary>Time in stage and time to convert.</summary>
    public required ReportTime Time { get; init; }

    /// <summary>The channels on paths to purchase, in the attribution's order.</summary>
    public required IReadOnlyList<string> Channels { get; init; }

    /// <summary>Each model's credit per channel.</summary>
    public required IReadOnlyList<ModelCredit> Attribution { get; init; }

    /// <summary>Each touchpoint's KPIs, measured against Markov attribution over touchpoints.</summary>
    public required IReadOnlyList<TouchpointKpis> Kpis { get; init; }

    /// <summary>
    /// Per rule of <see cref="ReportModel.Rules"/>, in that order: the journeys of this segment whose recorded stage history breaks it
    /// (<see cref="CustomerJourney.Definitions.Rules.StageRuleChecker.FindViolation"/>). A rule proved to hold always counts 0 here.
    /// </summary>
    public IReadOnlyList<long> RuleBreaks { get; init; } = [];
}
