using CustomerJourney.Definitions;

namespace CustomerJourney.Engine;

/// <summary>The result of firing a touchpoint: the outcome, the stage before and after, and the transition used.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="From">The stage before.</param>
/// <param name="To">The stage after (equal to <paramref name="From"/> unless the customer moved).</param>
/// <param name="Transition">The transition that applied, if any.</param>
public readonly record struct FireResult(FireOutcome Outcome, string From, string To, TransitionDefinition? Transition)
{
    /// <summary>Whether the customer entered a stage (moved or re-entered).</summary>
    public bool EnteredStage => Outcome is FireOutcome.Transitioned or FireOutcome.Reentered;
}
