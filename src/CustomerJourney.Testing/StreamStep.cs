namespace CustomerJourney.Testing;

/// <summary>
/// One generated step of a <see cref="JourneyStream"/>, as small numbers (what shrinking works on): which customer, which touchpoint
/// among the candidates, what gap follows, how late it arrives and what it carries.
/// </summary>
/// <param name="Customer">The customer's number.</param>
/// <param name="Pick">Which touchpoint: an index into those that move the customer on (or into all, when <see cref="Wander"/>).</param>
/// <param name="Wander">Whether to pick among all touchpoints.</param>
/// <param name="Gap">The time after the event: 0 a minute, 1 a few hours, 2 long enough for the stage's inactivity rule, 3 longer than every rule.</param>
/// <param name="Late">How many events later it arrives (0 in order).</param>
/// <param name="Duplicate">Whether it is sent twice.</param>
/// <param name="Unknown">Whether it names a touchpoint the definition does not have.</param>
/// <param name="Value">The value in whole units, or -1 for none.</param>
/// <param name="Segment">The segment's number, or -1 for none.</param>
public sealed record StreamStep(int Customer, int Pick, bool Wander, int Gap, int Late, bool Duplicate, bool Unknown, int Value, int Segment)
{
    /// <summary>The simplest step: customer 0, the first candidate touchpoint, a minute's gap, in order, nothing extra.</summary>
    public static StreamStep Simplest { get; } = new(0, 0, false, 0, 0, false, false, -1, -1);
}
