using FluentValidation;
using FluentValidation.Results;

namespace CustomerJourney.Definitions;

/// <summary>A journey definition is invalid; <see cref="ValidationException.Errors"/> lists every error at once.</summary>
public sealed class JourneyDefinitionException : ValidationException
{
    /// <summary>Creates the exception from the validator's failures.</summary>
    /// <param name="definitionName">The name of the invalid definition.</param>
    /// <param name="errors">Every error found.</param>
    public JourneyDefinitionException(string definitionName, IEnumerable<ValidationFailure> errors)
        : base(BuildMessage(definitionName, errors as IReadOnlyCollection<ValidationFailure> ?? errors.ToArray()), errors)
    {
        DefinitionName = definitionName;
    }

    /// <summary>The name of the invalid definition.</summary>
    public string DefinitionName { get; }

    private static string BuildMessage(string name, IReadOnlyCollection<ValidationFailure> errors) =>
        $"Journey definition '{name}' is invalid ({errors.Count} error{(errors.Count == 1 ? string.Empty : "s")}):"
        + string.Concat(errors.Select(e => $"{Environment.NewLine} - {e.ErrorCode} {e.PropertyName}: {e.ErrorMessage}"));
}
