namespace CustomerJourney.Definitions;

/// <summary>A transition: in stage <see cref="From"/>, touchpoint <see cref="Touchpoint"/> does what <see cref="Kind"/> says.</summary>
public sealed record TransitionDefinition
{
    /// <summary>The stage (or super-stage) the transition is configured on.</summary>
    public required string From { get; init; }

    /// <summary>The touchpoint that triggers it.</summary>
    public required string Touchpoint { get; init; }

    /// <summary>
    /// The destination stage for <see cref="TransitionKind.Permit"/>; <see langword="null"/> (the default) for the other kinds.
    /// </summary>
    public string? To { get; init; }

    /// <summary>What the transition does; defaults to <see cref="TransitionKind.Permit"/>.</summary>
    public TransitionKind Kind { get; init; } = TransitionKind.Permit;

    /// <summary>
    /// The name of a guard that must hold, bound to code through a <c>GuardRegistry</c>; <see langword="null"/> (the default) when unguarded.
    /// </summary>
    public string? Guard { get; init; }

    /// <summary>The stage the customer is in after the transition, given the stage it was configured on.</summary>
    public string Destination => Kind == TransitionKind.Permit ? To ?? From : From;
}
