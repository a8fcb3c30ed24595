namespace CustomerJourney.Definitions;

/// <summary>Configures one touchpoint of a <see cref="JourneyBuilder"/>: expected stages, owner, task and KPIs.</summary>
public sealed class TouchpointBuilder
{
    private readonly string _id;
    private readonly string _channel;
    private readonly List<string> _stages = [];
    private readonly List<KpiDefinition> _kpis = [];
    private string? _owner;
    private string? _task;
    private string? _description;

    internal TouchpointBuilder(string id, string channel)
    {
        _id = id ?? string.Empty;
        _channel = channel ?? string.Empty;
    }

    /// <summary>Declares the stages where the touchpoint is expected.</summary>
    /// <param name="stages">Stage identifiers.</param>
    /// <returns>This builder.</returns>
    public TouchpointBuilder ExpectedIn(params string[] stages)
    {
        _stages.AddRange(stages);
        return this;
    }

    /// <summary>Sets who is responsible for the touchpoint.</summary>
    /// <param name="owner">A person or team.</param>
    /// <returns>This builder.</returns>
    public TouchpointBuilder OwnedBy(string owner)
    {
        _owner = owner;
        return this;
    }

    /// <summary>Sets what the touchpoint must achieve.</summary>
    /// <param name="task">The task.</param>
    /// <returns>This builder.</returns>
    public TouchpointBuilder WithTask(string task)
    {
        _task = task;
        return this;
    }

    /// <summary>Sets the description.</summary>
    /// <param name="description">Free text.</param>
    /// <returns>This builder.</returns>
    public TouchpointBuilder Describe(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>Adds a KPI with its target.</summary>
    /// <param name="name">The KPI's name.</param>
    /// <param name="metric">What is measured.</param>
    /// <param name="target">The target value.</param>
    /// <param name="unit">The unit of the target.</param>
    /// <param name="direction">Whether the target is a floor or a ceiling.</param>
    /// <returns>This builder.</returns>
    public TouchpointBuilder Kpi(string name, KpiMetric metric, decimal target, string unit, KpiDirection direction = KpiDirection.AtLeast)
    {
        _kpis.Add(new KpiDefinition { Name = name, Metric = metric, Target = target, Unit = unit, Direction = direction });
        return this;
    }

    internal TouchpointDefinition ToDefinition() => new(_id, _channel, _stages, _owner, _task, _kpis, _description);
}
