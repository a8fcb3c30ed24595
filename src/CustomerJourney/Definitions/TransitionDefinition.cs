namespace CustomerJourney.Definitions;

/// <summary>A transition: in stage <paramref name="From"/>, touchpoint <paramref name="Touchpoint"/> does what <paramref name="Kind"/> says.</summary>
/// <param name="From">The stage (or super-stage) the transition is configured on.</param>
/// <param name="Touchpoint">The touchpoint that triggers it.</param>
/// <param name="To">The destination stage for <see cref="TransitionKind.Permit"/>; <see langword="null"/> for the other kinds.</param>
/// <param name="Kind">What the transition does.</param>
/// <param name="Guard">The name of a guard that must hold, bound to code through a <c>GuardRegistry</c>; <see langword="null"/> when unguarded.</param>
public sealed record TransitionDefinition(
    string From,
    string Touchpoint,
    string? To,
    TransitionKind Kind = TransitionKind.Permit,
    string? Guard = null)
{
    /// <summary>The stage the customer is in after the transition, given the stage it was configured on.</summary>
    public string Destination => Kind == TransitionKind.Permit ? To ?? From : From;
}
