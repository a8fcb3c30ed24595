using CustomerJourney.Analytics.Attribution;
using CustomerJourney.Definitions;

namespace CustomerJourney.Analytics;

/// <summary>
/// What switching from one definition to another would do to recorded traffic, as <see cref="DefinitionImpactAnalysis"/>
/// computes it: the graph changes, where every customer would stand (moves from stage to stage), and the funnel and
/// attribution under each definition. Each side is a full fold of the same events under that definition.
/// </summary>
/// <param name="Diff">The graph changes.</param>
/// <param name="AsOf">The time both sides were folded up to (inactivity rules applied until then).</param>
/// <param name="Customers">Customers with a journey under either definition.</param>
/// <param name="Moves">Every (old stage, new stage) pair with its customers, most customers first; pairs with equal stages are customers who stay.</param>
/// <param name="Funnel">The funnel steps of both definitions: the new definition's stages in its funnel order, then stages only the old funnel has.</param>
/// <param name="FunnelBefore">The old definition's funnel.</param>
/// <param name="FunnelAfter">The new definition's funnel.</param>
/// <param name="ConvertedBefore">Customers who reached a goal stage under the old definition.</param>
/// <param name="ConvertedAfter">Customers who reached a goal stage under the new definition.</param>
/// <param name="AttributionModel">The model the attribution was computed with.</param>
/// <param name="Attribution">Every channel credited on either side, by conversions after, then before, then name.</param>
public sealed record DefinitionImpact(
    DefinitionDiff Diff,
    DateTimeOffset AsOf,
    long Customers,
    IReadOnlyList<StageMove> Moves,
    IReadOnlyList<FunnelStepChange> Funnel,
    FunnelReport FunnelBefore,
    FunnelReport FunnelAfter,
    long ConvertedBefore,
    long ConvertedAfter,
    AttributionModel AttributionModel,
    IReadOnlyList<ChannelCreditChange> Attribution)
{
    /// <summary>Customers who would stand in another stage (or gain or lose their journey).</summary>
    public long Moved => Moves.Where(m => m.IsMove).Sum(m => m.Customers);

    /// <summary>Customers in each stage under the old definition.</summary>
    /// <returns>Stage to customers.</returns>
    public IReadOnlyDictionary<string, long> StagesBefore() => Count(Moves.Where(m => m.From is not null).Select(m => (m.From!, m.Customers)));

    /// <summary>Customers in each stage under the new definition.</summary>
    /// <returns>Stage to customers.</returns>
    public IReadOnlyDictionary<string, long> StagesAfter() => Count(Moves.Where(m => m.To is not null).Select(m => (m.To!, m.Customers)));

    private static Dictionary<string, long> Count(IEnumerable<(string Stage, long Customers)> items)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (stage, customers) in items)
        {
            counts[stage] = counts.GetValueOrDefault(stage) + customers;
        }

        return counts;
    }
}
