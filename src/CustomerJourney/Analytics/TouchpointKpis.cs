namespace CustomerJourney.Analytics;

/// <summary>A touchpoint's owner, task, measured values and KPIs.</summary>
public sealed record TouchpointKpis
{
    /// <summary>The touchpoint.</summary>
    public required string Touchpoint { get; init; }

    /// <summary>Its channel.</summary>
    public required string Channel { get; init; }

    /// <summary>Who owns it.</summary>
    public required string? Owner { get; init; }

    /// <summary>Its task.</summary>
    public required string? Task { get; init; }

    /// <summary>Touches recorded on it.</summary>
    public required long Touches { get; init; }

    /// <summary>Distinct customers who touched it.</summary>
    public required long CustomersReached { get; init; }

    /// <summary>Fraction of those customers who entered a goal stage at or after their first touch of it; 0 when nobody was reached.</summary>
    public required double ConversionRate { get; init; }

    /// <summary>Each KPI with target, measured value and status.</summary>
    public required IReadOnlyList<KpiResult> Kpis { get; init; }
}
