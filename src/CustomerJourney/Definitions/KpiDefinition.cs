namespace CustomerJourney.Definitions;

/// <summary>A key performance indicator of a touchpoint, with its target (seed 003, step 3).</summary>
public sealed record KpiDefinition
{
    /// <summary>The KPI's name, e.g. "Customers reached".</summary>
    public required string Name { get; init; }

    /// <summary>What is measured.</summary>
    public required KpiMetric Metric { get; init; }

    /// <summary>The target value.</summary>
    public required decimal Target { get; init; }

    /// <summary>The unit the target is expressed in, e.g. "customers" or "EUR".</summary>
    public required string Unit { get; init; }

    /// <summary>Whether the target is a floor or a ceiling; defaults to <see cref="KpiDirection.AtLeast"/>.</summary>
    public KpiDirection Direction { get; init; } = KpiDirection.AtLeast;

    /// <summary>Whether <paramref name="measured"/> meets the target.</summary>
    /// <param name="measured">The measured value.</param>
    /// <returns><see langword="true"/> when the target is met.</returns>
    public bool IsMet(decimal measured) => Direction == KpiDirection.AtLeast ? measured >= Target : measured <= Target;
}
