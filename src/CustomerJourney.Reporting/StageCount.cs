namespace CustomerJourney.Reporting;

/// <summary>How many customers ever entered a stage, and how many are in it now.</summary>
public sealed record StageCount
{
    /// <summary>The stage id.</summary>
    public required string Stage { get; init; }

    /// <summary>Customers who entered it at least once.</summary>
    public required long Reached { get; init; }

    /// <summary>Customers in it at the report's time.</summary>
    public required long Current { get; init; }
}
