namespace CustomerJourney.Definitions;

/// <summary>What happened to an element between two definitions.</summary>
public enum DefinitionChangeKind
{
    /// <summary>Only the new definition has it.</summary>
    Added = 0,

    /// <summary>Only the old definition has it.</summary>
    Removed = 1,

    /// <summary>Both have it, leading somewhere else: a transition or inactivity rule with another destination, or a new start stage.</summary>
    Retargeted = 2,

    /// <summary>Both have it, with other properties (kind, goal, super-stage, channel, wait, names, ...).</summary>
    Changed = 3,
}
