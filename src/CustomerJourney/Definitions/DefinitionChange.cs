namespace CustomerJourney.Definitions;

/// <summary>One difference between two definitions, as <see cref="DefinitionDiff"/> lists it.</summary>
public sealed record DefinitionChange
{
    /// <summary>What kind of element changed.</summary>
    public required DefinitionElement Element { get; init; }

    /// <summary>How it changed.</summary>
    public required DefinitionChangeKind Kind { get; init; }

    /// <summary>
    /// The element's identity: a stage or touchpoint id; for a transition <c>STAGE --TOUCHPOINT--&gt;</c> with <c>[GUARD]</c>
    /// when guarded; for an inactivity rule the stage it watches (<c>*</c> for every stage); <c>start</c> or <c>version</c> for the definition.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>The element's old value in short (e.g. a transition's destination), or <see langword="null"/> (the default) when added.</summary>
    public string? Before { get; init; }

    /// <summary>The element's new value in short, or <see langword="null"/> (the default) when removed.</summary>
    public string? After { get; init; }

    /// <summary>
    /// Whether the change can move customers to another stage when history is folded again (transitions, stages' goal and
    /// super-stage, start stage, inactivity rules, removed touchpoints); changes to names, owners, KPIs and descriptions do not.
    /// Defaults to <see langword="false"/>.
    /// </summary>
    public bool AffectsStages { get; init; }

    /// <summary>One line describing the change, e.g. <c>transition awareness --search-ad--> retargeted: consideration -> purchase</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var element = Element switch
        {
            DefinitionElement.Definition => "definition",
            DefinitionElement.Stage => "stage",
            DefinitionElement.Touchpoint => "touchpoint",
            DefinitionElement.Transition => "transition",
            _ => "inactivity rule",
        };
        var kind = Kind.ToString().ToLowerInvariant();
        return Kind switch
        {
            DefinitionChangeKind.Added => $"{element} {Id} added: {After}",
            DefinitionChangeKind.Removed => $"{element} {Id} removed: {Before}",
            _ => $"{element} {Id} {kind}: {Before} -> {After}",
        };
    }
}
