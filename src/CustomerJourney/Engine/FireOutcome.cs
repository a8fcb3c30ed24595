namespace CustomerJourney.Engine;

/// <summary>What firing a touchpoint in a stage did.</summary>
public enum FireOutcome
{
    /// <summary>No transition handles the touchpoint in the stage (nor in its super-stages). Not an error.</summary>
    Unhandled = 0,

    /// <summary>The customer moved to another stage.</summary>
    Transitioned = 1,

    /// <summary>The customer left and re-entered a stage (a new pass).</summary>
    Reentered = 2,

    /// <summary>The touchpoint was handled without leaving the stage.</summary>
    Internal = 3,

    /// <summary>The touchpoint is explicitly ignored in the stage.</summary>
    Ignored = 4,

    /// <summary>More than one guarded transition applied at once; Stateless refuses to choose, and so does the engine.</summary>
    Ambiguous = 5,
}
