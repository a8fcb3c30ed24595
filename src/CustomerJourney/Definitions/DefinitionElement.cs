namespace CustomerJourney.Definitions;

/// <summary>The part of a definition a <see cref="DefinitionChange"/> is about.</summary>
public enum DefinitionElement
{
    /// <summary>The definition as a whole: its start stage or declared version.</summary>
    Definition = 0,

    /// <summary>A stage.</summary>
    Stage = 1,

    /// <summary>A touchpoint.</summary>
    Touchpoint = 2,

    /// <summary>A transition, identified by its stage, touchpoint and guard.</summary>
    Transition = 3,

    /// <summary>An inactivity rule, identified by the stage it watches.</summary>
    InactivityRule = 4,
}
