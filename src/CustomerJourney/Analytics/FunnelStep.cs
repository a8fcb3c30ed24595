namespace CustomerJourney.Analytics;

/// <summary>One stage of a funnel.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Customers">Customers who reached the stage after reaching every earlier funnel stage, in order.</param>
/// <param name="ConversionFromPrevious">Customers / the previous step's customers (the first step: / all journeys analysed); 0 when the denominator is 0.</param>
/// <param name="ConversionFromStart">Customers / the first step's customers; 0 when nobody reached the first step.</param>
/// <param name="DropOff">The previous step's customers (the first step: all journeys analysed) minus these customers.</param>
public sealed record FunnelStep(string Stage, long Customers, double ConversionFromPrevious, double ConversionFromStart, long DropOff);
