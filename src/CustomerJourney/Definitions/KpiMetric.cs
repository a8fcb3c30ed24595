namespace CustomerJourney.Definitions;

/// <summary>What a touchpoint KPI measures.</summary>
public enum KpiMetric
{
    /// <summary>Number of touches recorded on the touchpoint.</summary>
    Touches = 0,

    /// <summary>Number of distinct customers who touched the touchpoint.</summary>
    CustomersReached = 1,

    /// <summary>Fraction (0..1) of touched customers who later reached a goal stage.</summary>
    ConversionRate = 2,

    /// <summary>Conversions attributed to the touchpoint.</summary>
    AttributedConversions = 3,

    /// <summary>Conversion value attributed to the touchpoint.</summary>
    AttributedValue = 4,
}
