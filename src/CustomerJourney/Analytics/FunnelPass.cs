namespace CustomerJourney.Analytics;

/// <summary>The funnel of one pass: customers who entered the first stage at least <see cref="Pass"/> times, and how far that pass got.</summary>
public sealed record FunnelPass
{
    /// <summary>The pass, 1 for the first entry into the funnel's first stage.</summary>
    public required int Pass { get; init; }

    /// <summary>Per funnel stage, customers who reached it in order during this pass (before re-entering the first stage).</summary>
    public required IReadOnlyList<long> Customers { get; init; }

    /// <summary>The index in <see cref="Customers"/> of the stage conversion is measured to (see <see cref="FunnelReport.GoalStep"/>).</summary>
    public required int GoalStep { get; init; }

    /// <summary>The pass's conversion: customers reaching the goal step in this pass / customers starting the pass; 0 when none started.</summary>
    public double Conversion => Customers.Count == 0 || Customers[0] == 0 || GoalStep < 0 || GoalStep >= Customers.Count ? 0 : (double)Customers[GoalStep] / Customers[0];
}
