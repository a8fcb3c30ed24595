namespace CustomerJourney.Reporting;

/// <summary>A point of a survival curve.</summary>
public sealed record CurvePoint
{
    /// <summary>Time since the start, in days.</summary>
    public required double Days { get; init; }

    /// <summary>The share of customers for whom the event has not happened by then.</summary>
    public required double Survival { get; init; }
}
