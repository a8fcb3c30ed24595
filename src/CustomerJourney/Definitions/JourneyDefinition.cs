using System.Diagnostics.CodeAnalysis;
using CustomerJourney.Definitions.Rules;
using CustomerJourney.Internal;

namespace CustomerJourney.Definitions;

/// <summary>
/// An immutable, validated journey definition: a named, versioned graph of stages connected by touchpoint-triggered
/// transitions, with a start stage, goal stages, optional super-stages and inactivity rules.
/// Create one with <see cref="JourneyBuilder"/> or <see cref="JourneyJson.Parse(string, GuardRegistry?)"/>; both validate.
/// </summary>
public sealed class JourneyDefinition : IEquatable<JourneyDefinition>
{
    private readonly Dictionary<string, StageDefinition> _stages;
    private readonly Dictionary<string, TouchpointDefinition> _touchpoints;

    private JourneyDefinition(
        string name,
        int version,
        string? description,
        string startStage,
        IReadOnlyList<StageDefinition> stages,
        IReadOnlyList<TouchpointDefinition> touchpoints,
        IReadOnlyList<TransitionDefinition> transitions,
        IReadOnlyList<InactivityRule> inactivityRules)
    {
        Name = name;
        Version = version;
        Description = description;
        StartStage = startStage;
        Stages = stages;
        Touchpoints = touchpoints;
        Transitions = transitions;
        InactivityRules = inactivityRules;
        GoalStages = Array.AsReadOnly(stages.Where(s => s.IsGoal).Select(s => s.Id).Distinct(StringComparer.Ordinal).ToArray());
        _stages = new Dictionary<string, StageDefinition>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            _stages.TryAdd(stage.Id, stage);
        }

        _touchpoints = new Dictionary<string, TouchpointDefinition>(StringComparer.Ordinal);
        foreach (var touchpoint in touchpoints)
        {
            _touchpoints.TryAdd(touchpoint.Id, touchpoint);
        }
    }

    /// <summary>The longest identifier accepted for stages, touchpoints, guards and definition names.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The longest wait an inactivity rule may have, in days (100 years).</summary>
    public const int MaxInactivityDays = 36_500;

    /// <summary>The largest number of stages a definition may have.</summary>
    public const int MaxStages = 256;

    /// <summary>The largest number of touchpoints a definition may have.</summary>
    public const int MaxTouchpoints = 1024;

    /// <summary>The largest number of transitions a definition may have.</summary>
    public const int MaxTransitions = 16384;

    /// <summary>The definition's name, e.g. <c>five-stage</c>.</summary>
    public string Name { get; }

    /// <summary>The definition's version, 1 or more.</summary>
    public int Version { get; }

    /// <summary>An optional free-text description.</summary>
    public string? Description { get; }

    /// <summary>The stage every journey starts in.</summary>
    public string StartStage { get; }

    /// <summary>The stages, in declaration order.</summary>
    public IReadOnlyList<StageDefinition> Stages { get; }

    /// <summary>The touchpoints, in declaration order.</summary>
    public IReadOnlyList<TouchpointDefinition> Touchpoints { get; }

    /// <summary>The transitions, in declaration order.</summary>
    public IReadOnlyList<TransitionDefinition> Transitions { get; }

    /// <summary>The inactivity rules, in declaration order.</summary>
    public IReadOnlyList<InactivityRule> InactivityRules { get; }

    /// <summary>The stage rules the definition states (its JSON <c>rules</c> section); checked by <see cref="StageRuleChecker"/>, not by tracking.</summary>
    public IReadOnlyList<StageRule> Rules { get; private set; } = [];

    /// <summary>A copy of this definition stating <paramref name="rules"/> (replacing any it stated).</summary>
    /// <param name="rules">The rules.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="JourneyDefinitionException">A rule is malformed or names a stage, touchpoint or channel this definition does not have.</exception>
    public JourneyDefinition WithRules(IEnumerable<StageRule> rules)
    {
        var list = Equality.Freeze(Guard.NotNull(rules));
        StageRuleValidator.ThrowIfInvalid(this, list);
        return new JourneyDefinition(Name, Version, Description, StartStage, Stages, Touchpoints, Transitions, InactivityRules) { Rules = list };
    }

    /// <summary>A copy stating <paramref name="rules"/> without checking them. For validators and tests of the validator only.</summary>
    internal JourneyDefinition WithRulesUnvalidated(IEnumerable<StageRule> rules) =>
        new(Name, Version, Description, StartStage, Stages, Touchpoints, Transitions, InactivityRules) { Rules = Equality.Freeze(rules) };

    /// <summary>The identifiers of the goal stages (what counts as converted).</summary>
    public IReadOnlyList<string> GoalStages { get; }

    /// <summary>The stage with identifier <paramref name="id"/>.</summary>
    /// <param name="id">The stage identifier.</param>
    /// <returns>The stage.</returns>
    /// <exception cref="KeyNotFoundException">No such stage.</exception>
    public StageDefinition GetStage(string id) =>
        _stages.TryGetValue(id, out var stage) ? stage : throw new KeyNotFoundException($"Journey '{Name}' has no stage '{id}'.");

    /// <summary>Looks up a stage.</summary>
    /// <param name="id">The stage identifier.</param>
    /// <param name="stage">The stage, when found.</param>
    /// <returns><see langword="true"/> when the stage exists.</returns>
    public bool TryGetStage(string id, [NotNullWhen(true)] out StageDefinition? stage) => _stages.TryGetValue(id, out stage);

    /// <summary>Looks up a touchpoint.</summary>
    /// <param name="id">The touchpoint identifier.</param>
    /// <param name="touchpoint">The touchpoint, when found.</param>
    /// <returns><see langword="true"/> when the touchpoint exists.</returns>
    public bool TryGetTouchpoint(string id, [NotNullWhen(true)] out TouchpointDefinition? touchpoint) =>
        _touchpoints.TryGetValue(id, out touchpoint);

    /// <summary>The touchpoint with identifier <paramref name="id"/>.</summary>
    /// <param name="id">The touchpoint identifier.</param>
    /// <returns>The touchpoint.</returns>
    /// <exception cref="KeyNotFoundException">No such touchpoint.</exception>
    public TouchpointDefinition GetTouchpoint(string id) =>
        _touchpoints.TryGetValue(id, out var touchpoint) ? touchpoint : throw new KeyNotFoundException($"Journey '{Name}' has no touchpoint '{id}'.");

    /// <summary>Whether <paramref name="stageId"/> is a goal stage or lies inside one.</summary>
    /// <param name="stageId">The stage identifier.</param>
    /// <returns><see langword="true"/> when reaching the stage counts as a conversion.</returns>
    public bool IsGoal(string stageId)
    {
        for (var id = stageId; id is not null && _stages.TryGetValue(id, out var stage); id = stage.SuperStage)
        {
            if (stage.IsGoal)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Creates a definition without validating it. For validators and tests of the validator only.</summary>
    internal static JourneyDefinition CreateUnvalidated(
        string name,
        int version,
        string? description,
        string startStage,
        IEnumerable<StageDefinition> stages,
        IEnumerable<TouchpointDefinition> touchpoints,
        IEnumerable<TransitionDefinition> transitions,
        IEnumerable<InactivityRule>? inactivityRules = null) =>
        new(
            name ?? string.Empty,
            version,
            description,
            startStage ?? string.Empty,
            Equality.Freeze(stages),
            Equality.Freeze(touchpoints),
            Equality.Freeze(transitions),
            Equality.Freeze(inactivityRules));

    /// <summary>
    /// Checks the definition the way <see cref="JourneyBuilder"/> and <see cref="JourneyJson"/> do and reports every error at once:
    /// identifiers, references to stages and touchpoints, the start and goal stages, reachability and dead ends, ambiguous
    /// transitions, inactivity and stage rules.
    /// </summary>
    /// <param name="guards">
    /// The guards the definition will be bound to; when given, guard names missing from it are errors (<see cref="DefinitionErrorCodes.UnknownGuard"/>).
    /// When <see langword="null"/>, guard names are checked when the definition is compiled.
    /// </param>
    /// <returns>The errors, each with a code from <see cref="DefinitionErrorCodes"/>; empty when the definition is valid.</returns>
    public IReadOnlyList<DefinitionError> Validate(GuardRegistry? guards = null) => new JourneyDefinitionValidator(guards).Check(this);

    /// <summary>Creates a definition and validates it, throwing with every error at once.</summary>
    internal static JourneyDefinition Create(
        string name,
        int version,
        string? description,
        string startStage,
        IEnumerable<StageDefinition> stages,
        IEnumerable<TouchpointDefinition> touchpoints,
        IEnumerable<TransitionDefinition> transitions,
        IEnumerable<InactivityRule>? inactivityRules,
        GuardRegistry? guards)
    {
        var definition = CreateUnvalidated(name, version, description, startStage, stages, touchpoints, transitions, inactivityRules);
        var errors = definition.Validate(guards);
        if (errors.Count > 0)
        {
            throw new JourneyDefinitionException(definition.Name, errors);
        }

        return definition;
    }

    /// <inheritdoc />
    public bool Equals(JourneyDefinition? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (string.Equals(Name, other.Name, StringComparison.Ordinal)
                && Version == other.Version
                && string.Equals(Description, other.Description, StringComparison.Ordinal)
                && string.Equals(StartStage, other.StartStage, StringComparison.Ordinal)
                && Equality.Sequences(Stages, other.Stages)
                && Equality.Sequences(Touchpoints, other.Touchpoints)
                && Equality.Sequences(Transitions, other.Transitions)
                && Equality.Sequences(InactivityRules, other.InactivityRules)
                && Equality.Sequences(Rules, other.Rules)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as JourneyDefinition);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Name, Version, StartStage, Equality.SequenceHash(Stages), Equality.SequenceHash(Touchpoints), Equality.SequenceHash(Transitions));

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name} v{Version} ({Stages.Count} stages, {Touchpoints.Count} touchpoints, {Transitions.Count} transitions)";
}
