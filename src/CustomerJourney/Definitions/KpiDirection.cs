namespace CustomerJourney.Definitions;

/// <summary>Whether a KPI is met by reaching at least or at most its target.</summary>
public enum KpiDirection
{
    /// <summary>The measured value must be greater than or equal to the target.</summary>
    AtLeast = 0,

    /// <summary>The measured value must be less than or equal to the target.</summary>
    AtMost = 1,
}
