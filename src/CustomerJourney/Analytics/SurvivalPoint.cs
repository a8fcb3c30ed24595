namespace CustomerJourney.Analytics;

/// <summary>One step of a Kaplan–Meier curve, at a distinct observed time.</summary>
public readonly record struct SurvivalPoint
{
    /// <summary>The time.</summary>
    public required TimeSpan Time { get; init; }

    /// <summary>Observations with duration at least <see cref="Time"/> (n<sub>i</sub>).</summary>
    public required long AtRisk { get; init; }

    /// <summary>Observed events at <see cref="Time"/> (d<sub>i</sub>).</summary>
    public required long Events { get; init; }

    /// <summary>Censored observations at <see cref="Time"/>.</summary>
    public required long Censored { get; init; }

    /// <summary>S(t) = ∏ (1 − d<sub>j</sub>/n<sub>j</sub>) over times up to and including <see cref="Time"/>.</summary>
    public required double Survival { get; init; }
}
