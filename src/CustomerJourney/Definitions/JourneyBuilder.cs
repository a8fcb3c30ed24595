using CustomerJourney.Internal;

namespace CustomerJourney.Definitions;

/// <summary>
/// A single-use fluent builder of <see cref="JourneyDefinition"/>. <see cref="Build"/> validates the whole
/// definition, reporting every error at once, and returns an immutable definition; the builder cannot be used again.
/// </summary>
/// <example>
/// <code>
/// var definition = new JourneyBuilder("shop")
///     .Stage("awareness", s =&gt; s.Name("en", "Awareness").Permit("search-ad", "purchase"))
///     .Stage("purchase", s =&gt; s.Goal().PermitReentry("order"))
///     .Touchpoint("search-ad", "search")
///     .Touchpoint("order", "web-shop")
///     .StartAt("awareness")
///     .Build();
/// </code>
/// </example>
public sealed class JourneyBuilder
{
    private readonly string _name;
    private readonly int _version;
    private readonly List<StageBuilder> _stages = [];
    private readonly List<TouchpointBuilder> _touchpoints = [];
    private readonly List<TransitionDefinition> _transitions = [];
    private readonly List<InactivityRule> _inactivity = [];
    private string? _description;
    private string? _start;
    private GuardRegistry? _guards;
    private bool _built;

    /// <summary>Starts a definition.</summary>
    /// <param name="name">The definition's name.</param>
    /// <param name="version">The definition's version, 1 or more.</param>
    public JourneyBuilder(string name, int version = 1)
    {
        _name = name ?? string.Empty;
        _version = version;
    }

    /// <summary>Sets the description.</summary>
    /// <param name="description">Free text.</param>
    /// <returns>This builder.</returns>
    public JourneyBuilder Describe(string description)
    {
        EnsureNotBuilt();
        _description = description;
        return this;
    }

    /// <summary>Sets the start stage.</summary>
    /// <param name="stage">The stage every journey starts in.</param>
    /// <returns>This builder.</returns>
    public JourneyBuilder StartAt(string stage)
    {
        EnsureNotBuilt();
        _start = stage;
        return this;
    }

    /// <summary>Declares a stage and configures it.</summary>
    /// <param name="id">The stage's identifier.</param>
    /// <param name="configure">Configures names, flags and the stage's transitions.</param>
    /// <returns>This builder.</returns>
    public JourneyBuilder Stage(string id, Action<StageBuilder>? configure = null)
    {
        EnsureNotBuilt();
        var stage = new StageBuilder(id, _transitions);
        configure?.Invoke(stage);
        _stages.Add(stage);
        return this;
    }

    /// <summary>Declares a touchpoint and configures it.</summary>
    /// <param name="id">The touchpoint's identifier (the trigger).</param>
    /// <param name="channel">Its channel, e.g. <c>search</c> or <c>email</c>.</param>
    /// <param name="configure">Configures owner, task, expected stages and KPIs.</param>
    /// <returns>This builder.</returns>
    public JourneyBuilder Touchpoint(string id, string channel, Action<TouchpointBuilder>? configure = null)
    {
        EnsureNotBuilt();
        var touchpoint = new TouchpointBuilder(id, channel);
        configure?.Invoke(touchpoint);
        _touchpoints.Add(touchpoint);
        return this;
    }

    /// <summary>Adds a transition given as data.</summary>
    /// <param name="transition">The transition.</param>
    /// <returns>This builder.</returns>
    public JourneyBuilder Transition(TransitionDefinition transition)
    {
        EnsureNotBuilt();
        _transitions.Add(Guard.NotNull(transition));
        return this;
    }

    /// <summary>Adds an inactivity rule: no touch for <paramref name="after"/> moves the customer to <paramref name="to"/>.</summary>
    /// <param name="after">How long without a touch.</param>
    /// <param name="to">The stage to move to, e.g. a lapsed stage.</param>
    /// <param name="stage">The stage watched; <see langword="null"/> for every non-terminal stage.</param>
    /// <returns>This builder.</returns>
    public JourneyBuilder WhenInactive(TimeSpan after, string to, string? stage = null)
    {
        EnsureNotBuilt();
        _inactivity.Add(new InactivityRule { Stage = stage, After = after, To = to });
        return this;
    }

    /// <summary>Checks guard names against <paramref name="guards"/> when building.</summary>
    /// <param name="guards">The guards the definition will be compiled with.</param>
    /// <returns>This builder.</returns>
    public JourneyBuilder WithGuards(GuardRegistry guards)
    {
        EnsureNotBuilt();
        _guards = Guard.NotNull(guards);
        return this;
    }

    /// <summary>Validates and returns the definition. The builder cannot be used afterwards.</summary>
    /// <returns>The immutable definition.</returns>
    /// <exception cref="JourneyDefinitionException">The definition is invalid; every error is listed.</exception>
    /// <exception cref="InvalidOperationException">The builder was already used.</exception>
    public JourneyDefinition Build()
    {
        EnsureNotBuilt();
        _built = true;
        return JourneyDefinition.Create(
            _name,
            _version,
            _description,
            _start ?? string.Empty,
            _stages.Select(s => s.ToDefinition()),
            _touchpoints.Select(t => t.ToDefinition()),
            _transitions,
            _inactivity,
            _guards);
    }

    private void EnsureNotBuilt()
    {
        if (_built)
        {
            throw new InvalidOperationException("This JourneyBuilder has already built its definition; start a new builder.");
        }
    }
}
