using CustomerJourney.Definitions;

namespace CustomerJourney.Engine;

/// <summary>The result of firing a touchpoint: the outcome, the stage before and after, and the transition used.</summary>
public readonly record struct FireResult
{
    /// <summary>What happened.</summary>
    public required FireOutcome Outcome { get; init; }

    /// <summary>The stage before.</summary>
    public required string From { get; init; }

    /// <summary>The stage after (equal to <see cref="From"/> unless the customer moved).</summary>
    public required string To { get; init; }

    /// <summary>The transition that applied; <see langword="null"/> (the default) when none did.</summary>
    public TransitionDefinition? Transition { get; init; }

    /// <summary>Whether the customer entered a stage (moved or re-entered).</summary>
    public bool EnteredStage => Outcome is FireOutcome.Transitioned or FireOutcome.Reentered;
}
