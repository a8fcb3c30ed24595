using CustomerJourney.Analytics.Attribution;
using CustomerJourney.Definitions;

namespace CustomerJourney.Analytics;

/// <summary>
/// What switching from one definition to another would do to recorded traffic, as <see cref="DefinitionImpactAnalysis"/>
/// computes it: the graph changes, where every customer would stand (moves from stage to stage), and the funnel and
/// attribution under each definition. Each side is a full fold of the same events under that definition.
/// </summary>
public sealed record DefinitionImpact
{
    /// <summary>The graph changes.</summary>
    public required DefinitionDiff Diff { get; init; }

    /// <summary>The time both sides were folded up to (inactivity rules applied until then).</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Customers with a journey under either definition.</summary>
    public required long Customers { get; init; }

    /// <summary>Every (old stage, new stage) pair with its customers, most customers first; pairs with equal stages are customers who stay.</summary>
    public required IReadOnlyList<StageMove> Moves { get; init; }

    /// <summary>The funnel steps of both definitions: the new definition's stages in its funnel order, then stages only the old funnel has.</summary>
    public required IReadOnlyList<FunnelStepChange> Funnel { get; init; }

    /// <summary>The old definition's funnel.</summary>
    public required FunnelReport FunnelBefore { get; init; }

    /// <summary>The new definition's funnel.</summary>
    public required FunnelReport FunnelAfter { get; init; }

    /// <summary>Customers who reached a goal stage under the old definition.</summary>
    public required long ConvertedBefore { get; init; }

    /// <summary>Customers who reached a goal stage under the new definition.</summary>
    public required long ConvertedAfter { get; init; }

    /// <summary>The model the attribution was computed with.</summary>
    public required AttributionModel AttributionModel { get; init; }

    /// <summary>Every channel credited on either side, by conversions after, then before, then name.</summary>
    public required IReadOnlyList<ChannelCreditChange> Attribution { get; init; }

    /// <summary>Customers who would stand in another stage (or gain or lose their journey).</summary>
    public long Moved
    {
        get
        {
            long moved = 0;
            for (var i = 0; i < Moves.Count; i++)
            {
                moved += Moves[i].IsMove ? Moves[i].Customers : 0;
            }

            return moved;
        }
    }

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
