namespace CustomerJourney.Definitions;

/// <summary>The error codes the definition validator reports, in <see cref="DefinitionError.Code"/>.</summary>
public static class DefinitionErrorCodes
{
    /// <summary>The definition has no name.</summary>
    public const string MissingName = "CJ001";

    /// <summary>The version is less than 1.</summary>
    public const string InvalidVersion = "CJ002";

    /// <summary>An identifier is empty.</summary>
    public const string EmptyId = "CJ003";

    /// <summary>An identifier is longer than <see cref="JourneyDefinition.MaxIdLength"/>.</summary>
    public const string IdTooLong = "CJ004";

    /// <summary>An identifier contains whitespace or control characters.</summary>
    public const string InvalidId = "CJ005";

    /// <summary>Two stages share an identifier.</summary>
    public const string DuplicateStage = "CJ010";

    /// <summary>Two touchpoints share an identifier.</summary>
    public const string DuplicateTouchpoint = "CJ011";

    /// <summary>A reference names a stage that does not exist.</summary>
    public const string UnknownStage = "CJ020";

    /// <summary>A reference names a touchpoint that does not exist.</summary>
    public const string UnknownTouchpoint = "CJ021";

    /// <summary>A transition names a guard that is not bound.</summary>
    public const string UnknownGuard = "CJ022";

    /// <summary>No start stage is set.</summary>
    public const string MissingStartStage = "CJ030";

    /// <summary>No stage is a goal stage.</summary>
    public const string MissingGoalStage = "CJ031";

    /// <summary>A stage cannot be reached from the start stage.</summary>
    public const string UnreachableStage = "CJ040";

    /// <summary>A non-terminal stage has no way out.</summary>
    public const string DeadEnd = "CJ041";

    /// <summary>Two unguarded transitions handle the same touchpoint in the same stage.</summary>
    public const string AmbiguousTransition = "CJ042";

    /// <summary>Super-stages form a cycle, which Stateless rejects.</summary>
    public const string SuperStageCycle = "CJ043";

    /// <summary>A permit transition leads back to its own stage (use re-entry or internal).</summary>
    public const string SelfPermit = "CJ044";

    /// <summary>A permit transition has no destination, or another kind has one.</summary>
    public const string InvalidDestination = "CJ045";

    /// <summary>Too many stages, touchpoints or transitions.</summary>
    public const string TooMany = "CJ050";

    /// <summary>A touchpoint has no channel.</summary>
    public const string MissingChannel = "CJ060";

    /// <summary>A KPI is malformed (no name, no unit).</summary>
    public const string InvalidKpi = "CJ061";

    /// <summary>An inactivity rule is malformed (non-positive duration).</summary>
    public const string InvalidInactivityRule = "CJ062";

    /// <summary>A display name or free text is empty or too long.</summary>
    public const string InvalidText = "CJ063";

    /// <summary>A stage rule is malformed or names a stage, touchpoint or channel the definition does not have.</summary>
    public const string InvalidRule = "CJ070";
}
