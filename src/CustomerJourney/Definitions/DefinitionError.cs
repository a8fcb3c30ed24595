namespace CustomerJourney.Definitions;

/// <summary>
/// One error in a journey definition, as <see cref="JourneyDefinition.Validate(GuardRegistry?)"/> and
/// <see cref="JourneyDefinitionException.Errors"/> report it: a stable code, the element it concerns and a message.
/// </summary>
public sealed record DefinitionError
{
    /// <summary>A stable code naming the kind of error: one of <see cref="DefinitionErrorCodes"/>.</summary>
    public required string Code { get; init; }

    /// <summary>
    /// The element the error concerns, as a path into the definition's JSON form, e.g. <c>stages[2].id</c>,
    /// <c>transitions[4].to</c>, <c>touchpoints[1].kpis[0]</c>, <c>rules[3]</c> or <c>start</c>; the message names the stage,
    /// touchpoint or transition by its id.
    /// </summary>
    public required string Path { get; init; }

    /// <summary>What is wrong, naming the element by its id.</summary>
    public required string Message { get; init; }

    /// <summary>The error in one line: <c>CODE PATH: MESSAGE</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => $"{Code} {Path}: {Message}";
}
