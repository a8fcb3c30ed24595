namespace CustomerJourney.Definitions;

/// <summary>A key performance indicator of a touchpoint, with its target (seed 003, step 3).</summary>
/// <param name="Name">The KPI's name, e.g. "Customers reached".</param>
/// <param name="Metric">What is measured.</param>
/// <param name="Target">The target value.</param>
/// <param name="Unit">The unit the target is expressed in, e.g. "customers" or "EUR".</param>
/// <param name="Direction">Whether the target is a floor or a ceiling.</param>
public sealed record KpiDefinition(string Name, KpiMetric Metric, decimal Target, string Unit, KpiDirection Direction = KpiDirection.AtLeast)
{
    /// <summary>Whether <paramref name="measured"/> meets the target.</summary>
    /// <param name="measured">The measured value.</param>
    /// <returns><see langword="true"/> when the target is met.</returns>
    public bool IsMet(decimal measured) => Direction == KpiDirection.AtLeast ? measured >= Target : measured <= Target;
}
