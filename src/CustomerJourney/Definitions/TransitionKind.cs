namespace CustomerJourney.Definitions;

/// <summary>How a transition treats the customer's stage, with Stateless's meaning.</summary>
public enum TransitionKind
{
    /// <summary>Move to another stage (Stateless <c>Permit</c>).</summary>
    Permit = 0,

    /// <summary>Leave and enter the configured stage again, counting a new pass (Stateless <c>PermitReentry</c>).</summary>
    Reentry = 1,

    /// <summary>Handle the touchpoint without leaving the stage (Stateless <c>InternalTransition</c>).</summary>
    Internal = 2,

    /// <summary>Explicitly ignore the touchpoint in this stage (Stateless <c>Ignore</c>).</summary>
    Ignore = 3,
}
