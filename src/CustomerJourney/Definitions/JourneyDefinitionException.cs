using CustomerJourney.Internal;

namespace CustomerJourney.Definitions;

/// <summary>A journey definition is invalid; <see cref="Errors"/> lists every error at once, and the message names each of them.</summary>
public sealed class JourneyDefinitionException : Exception
{
    /// <summary>Creates the exception from the errors found.</summary>
    /// <param name="definitionName">The name of the invalid definition.</param>
    /// <param name="errors">Every error found.</param>
    public JourneyDefinitionException(string definitionName, IEnumerable<DefinitionError> errors)
        : this(definitionName, Guard.NotNull(errors).ToArray())
    {
    }

    private JourneyDefinitionException(string definitionName, DefinitionError[] errors)
        : base(BuildMessage(definitionName, errors))
    {
        DefinitionName = definitionName;
        Errors = errors;
    }

    /// <summary>The name of the invalid definition.</summary>
    public string DefinitionName { get; }

    /// <summary>Every error found, in the order the validator reports them.</summary>
    public IReadOnlyList<DefinitionError> Errors { get; }

    private static string BuildMessage(string name, DefinitionError[] errors) =>
        $"Journey definition '{name}' is invalid ({errors.Length} error{(errors.Length == 1 ? string.Empty : "s")}):"
        + string.Concat(errors.Select(e => $"{Environment.NewLine} - {e.Code} {e.Path}: {e.Message}"));
}
