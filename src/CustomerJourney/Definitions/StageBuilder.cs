namespace CustomerJourney.Definitions;

/// <summary>Configures one stage of a <see cref="JourneyBuilder"/>: names, flags and the transitions leaving it.</summary>
public sealed class StageBuilder
{
    private readonly string _id;
    private readonly List<TransitionDefinition> _transitions;
    private readonly SortedDictionary<string, string> _names = new(StringComparer.Ordinal);
    private string? _superStage;
    private string? _description;
    private bool _goal;
    private bool _terminal;

    internal StageBuilder(string id, List<TransitionDefinition> transitions)
    {
        _id = id ?? string.Empty;
        _transitions = transitions;
    }

    /// <summary>Sets the display name for a culture.</summary>
    /// <param name="culture">A culture name, e.g. <c>en</c>, <c>lt</c>, <c>fa</c>.</param>
    /// <param name="name">The display name.</param>
    /// <returns>This builder.</returns>
    public StageBuilder Name(string culture, string name)
    {
        _names[culture] = name;
        return this;
    }

    /// <summary>Places the stage inside a super-stage (a Stateless superstate).</summary>
    /// <param name="superStage">The enclosing stage.</param>
    /// <returns>This builder.</returns>
    public StageBuilder Within(string superStage)
    {
        _superStage = superStage;
        return this;
    }

    /// <summary>Marks the stage as a goal: reaching it counts as a conversion.</summary>
    /// <returns>This builder.</returns>
    public StageBuilder Goal()
    {
        _goal = true;
        return this;
    }

    /// <summary>Marks the stage as terminal: it may have no way out.</summary>
    /// <returns>This builder.</returns>
    public StageBuilder Terminal()
    {
        _terminal = true;
        return this;
    }

    /// <summary>Sets the description.</summary>
    /// <param name="description">Free text.</param>
    /// <returns>This builder.</returns>
    public StageBuilder Describe(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>On <paramref name="touchpoint"/>, move to <paramref name="to"/> (Stateless <c>Permit</c> / <c>PermitIf</c>).</summary>
    /// <param name="touchpoint">The trigger.</param>
    /// <param name="to">The destination stage.</param>
    /// <param name="guard">An optional guard name.</param>
    /// <returns>This builder.</returns>
    public StageBuilder Permit(string touchpoint, string to, string? guard = null) =>
        Add(new TransitionDefinition { From = _id, Touchpoint = touchpoint, To = to, Kind = TransitionKind.Permit, Guard = guard });

    /// <summary>On <paramref name="touchpoint"/>, leave and re-enter this stage (Stateless <c>PermitReentry</c>).</summary>
    /// <param name="touchpoint">The trigger.</param>
    /// <param name="guard">An optional guard name.</param>
    /// <returns>This builder.</returns>
    public StageBuilder PermitReentry(string touchpoint, string? guard = null) =>
        Add(new TransitionDefinition { From = _id, Touchpoint = touchpoint, Kind = TransitionKind.Reentry, Guard = guard });

    /// <summary>Handle <paramref name="touchpoint"/> without leaving the stage (Stateless <c>InternalTransition</c>).</summary>
    /// <param name="touchpoint">The trigger.</param>
    /// <param name="guard">An optional guard name.</param>
    /// <returns>This builder.</returns>
    public StageBuilder InternalTransition(string touchpoint, string? guard = null) =>
        Add(new TransitionDefinition { From = _id, Touchpoint = touchpoint, Kind = TransitionKind.Internal, Guard = guard });

    /// <summary>Ignore <paramref name="touchpoint"/> in this stage (Stateless <c>Ignore</c>).</summary>
    /// <param name="touchpoint">The trigger.</param>
    /// <param name="guard">An optional guard name.</param>
    /// <returns>This builder.</returns>
    public StageBuilder Ignore(string touchpoint, string? guard = null) =>
        Add(new TransitionDefinition { From = _id, Touchpoint = touchpoint, Kind = TransitionKind.Ignore, Guard = guard });

    internal StageDefinition ToDefinition() => new(_id, _names, _superStage, _goal, _terminal, _description);

    private StageBuilder Add(TransitionDefinition transition)
    {
        _transitions.Add(transition);
        return this;
    }
}
