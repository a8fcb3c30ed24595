using CustomerJourney.Analytics;

namespace CustomerJourney.Reporting;

/// <summary>The report of one segment, or of all journeys.</summary>
/// <param name="Name">The segment's name (<see cref="SegmentBreakdown.NoSegment"/> for journeys without one); <see cref="ReportModel.AllJourneys"/> for all journeys.</param>
/// <param name="Journeys">Journeys in it.</param>
/// <param name="Converted">Customers who bought at least once.</param>
/// <param name="Conversions">Purchases (goal entries).</param>
/// <param name="RepeatBuyers">Customers who bought more than once.</param>
/// <param name="Revenue">The sum of event values.</param>
/// <param name="Stages">Per stage of the definition: customers who reached it and who are in it now.</param>
/// <param name="Flows">Moves between stages.</param>
/// <param name="TopPaths">The five most common stage paths.</param>
/// <param name="Funnel">The definition's funnel (<see cref="FunnelAnalysis.Stages"/>).</param>
/// <param name="Time">Time in stage and time to convert.</param>
/// <param name="Channels">The channels on paths to purchase, in the attribution's order.</param>
/// <param name="Attribution">Each model's credit per channel.</param>
/// <param name="Kpis">Each touchpoint's KPIs, measured against Markov attribution over touchpoints.</param>
public sealed record SegmentReport(
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
    ReportTime Time,
    IReadOnlyList<string> Channels,
    IReadOnlyList<ModelCredit> Attribution,
    IReadOnlyList<TouchpointKpis> Kpis)
{
    /// <summary>
    /// Per rule of <see cref="ReportModel.Rules"/>, in that order: the journeys of this segment whose recorded stage history breaks it
    /// (<see cref="CustomerJourney.Definitions.Rules.StageRuleChecker.FindViolation"/>). A rule proved to hold always counts 0 here.
    /// </summary>
    public IReadOnlyList<long> RuleBreaks { get; init; } = [];
}
