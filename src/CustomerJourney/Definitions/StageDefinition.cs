using System.Globalization;
using CustomerJourney.Internal;

namespace CustomerJourney.Definitions;

/// <summary>A stage of a journey: where a customer stands, e.g. Awareness or Purchase.</summary>
public sealed record StageDefinition
{
    /// <summary>Creates a stage.</summary>
    /// <param name="id">The stage's identifier, unique in its definition.</param>
    /// <param name="displayNames">Display names keyed by culture name (e.g. <c>en</c>, <c>lt</c>).</param>
    /// <param name="superStage">The identifier of the enclosing super-stage, if any.</param>
    /// <param name="isGoal">Whether reaching this stage counts as a conversion.</param>
    /// <param name="isTerminal">Whether the stage may have no way out.</param>
    /// <param name="description">An optional free-text description.</param>
    public StageDefinition(
        string id,
        IEnumerable<KeyValuePair<string, string>>? displayNames = null,
        string? superStage = null,
        bool isGoal = false,
        bool isTerminal = false,
        string? description = null)
    {
        Id = id ?? string.Empty;
        DisplayNames = Equality.Freeze(displayNames);
        SuperStage = superStage;
        IsGoal = isGoal;
        IsTerminal = isTerminal;
        Description = description;
    }

    /// <summary>The stage's identifier, unique in its definition.</summary>
    public string Id { get; }

    /// <summary>Display names keyed by culture name, sorted by culture.</summary>
    public IReadOnlyDictionary<string, string> DisplayNames { get; }

    /// <summary>The identifier of the enclosing super-stage (a Stateless superstate), if any.</summary>
    public string? SuperStage { get; }

    /// <summary>Whether reaching this stage counts as a conversion.</summary>
    public bool IsGoal { get; }

    /// <summary>Whether the stage is an end of the journey and may have no way out.</summary>
    public bool IsTerminal { get; }

    /// <summary>An optional free-text description.</summary>
    public string? Description { get; }

    /// <summary>
    /// The display name for <paramref name="culture"/>, falling back to its parent culture, then to English,
    /// then to the identifier.
    /// </summary>
    /// <param name="culture">The culture; <see langword="null"/> means the current UI culture.</param>
    /// <returns>The best display name available.</returns>
    public string GetDisplayName(CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        for (var c = culture; !string.IsNullOrEmpty(c.Name); c = c.Parent)
        {
            if (DisplayNames.TryGetValue(c.Name, out var name))
            {
                return name;
            }
        }

        return DisplayNames.TryGetValue("en", out var english) ? english : Id;
    }

    /// <inheritdoc />
    public bool Equals(StageDefinition? other) =>
        other is not null
        && string.Equals(Id, other.Id, StringComparison.Ordinal)
        && string.Equals(SuperStage, other.SuperStage, StringComparison.Ordinal)
        && IsGoal == other.IsGoal
        && IsTerminal == other.IsTerminal
        && string.Equals(Description, other.Description, StringComparison.Ordinal)
        && Equality.Dictionaries(DisplayNames, other.DisplayNames);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Id, SuperStage, IsGoal, IsTerminal, Description, Equality.DictionaryHash(DisplayNames));
}
