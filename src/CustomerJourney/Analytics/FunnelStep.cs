namespace CustomerJourney.Analytics;

/// <summary>One stage of a funnel.</summary>
public sealed record FunnelStep
{
    /// <summary>The stage.</summary>
    public required string Stage { get; init; }

    /// <summary>Customers who reached the stage after reaching every earlier funnel stage, in order.</summary>
    public required long Customers { get; init; }

    /// <summary>Customers / the previous step's customers (the first step: / all journeys analysed); 0 when the denominator is 0.</summary>
    public required double ConversionFromPrevious { get; init; }

    /// <summary>Customers / the first step's customers; 0 when nobody reached the first step.</summary>
    public required double ConversionFromStart { get; init; }

    /// <summary>The previous step's customers (the first step: all journeys analysed) minus these customers.</summary>
    public required long DropOff { get; init; }
}
