namespace CustomerJourney.Testing;

/// <summary>
/// One generated step of a <see cref="JourneyStream"/>, as small numbers (what shrinking works on): which customer, which touchpoint
/// among the candidates, what gap follows, how late it arrives and what it carries.
/// </summary>
public sealed record StreamStep
{
    /// <summary>The simplest step: customer 0, the first candidate touchpoint, a minute's gap, in order, nothing extra.</summary>
    public static StreamStep Simplest { get; } = new();

    /// <summary>The customer's number; defaults to 0.</summary>
    public int Customer { get; init; }

    /// <summary>
    /// Which touchpoint: an index into those that move the customer on (or into all, when <see cref="Wander"/>); defaults to 0.
    /// </summary>
    public int Pick { get; init; }

    /// <summary>Whether to pick among all touchpoints; defaults to <see langword="false"/>.</summary>
    public bool Wander { get; init; }

    /// <summary>
    /// The time after the event: 0 (the default) a minute, 1 a few hours, 2 long enough for the stage's inactivity rule, 3 longer than every rule.
    /// </summary>
    public int Gap { get; init; }

    /// <summary>How many events later it arrives; 0 (the default) in order.</summary>
    public int Late { get; init; }

    /// <summary>Whether it is sent twice; defaults to <see langword="false"/>.</summary>
    public bool Duplicate { get; init; }

    /// <summary>Whether it names a touchpoint the definition does not have; defaults to <see langword="false"/>.</summary>
    public bool Unknown { get; init; }

    /// <summary>The value in whole units, or -1 (the default) for none.</summary>
    public int Value { get; init; } = -1;

    /// <summary>The segment's number, or -1 (the default) for none.</summary>
    public int Segment { get; init; } = -1;
}
