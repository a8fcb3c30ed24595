using CustomerJourney.Internal;

namespace CustomerJourney.Definitions;

/// <summary>
/// A touchpoint: a point of contact between customer and brand (an ad, a newsletter, a store visit) that can
/// move the customer between stages. Carries the owner, task and KPIs of seed 003's steps 2 and 3.
/// </summary>
public sealed record TouchpointDefinition
{
    /// <summary>Creates a touchpoint.</summary>
    /// <param name="id">The touchpoint's identifier (the trigger), unique in its definition.</param>
    /// <param name="channel">The channel, e.g. <c>search</c>, <c>email</c>, <c>store</c>.</param>
    /// <param name="expectedStages">The stages where this touchpoint is expected to occur.</param>
    /// <param name="owner">Who is responsible for the touchpoint.</param>
    /// <param name="task">What the touchpoint must achieve.</param>
    /// <param name="kpis">The KPIs measuring the touchpoint, with their targets.</param>
    /// <param name="description">An optional free-text description.</param>
    public TouchpointDefinition(
        string id,
        string channel,
        IEnumerable<string>? expectedStages = null,
        string? owner = null,
        string? task = null,
        IEnumerable<KpiDefinition>? kpis = null,
        string? description = null)
    {
        Id = id ?? string.Empty;
        Channel = channel ?? string.Empty;
        ExpectedStages = Equality.Freeze(expectedStages);
        Owner = owner;
        Task = task;
        Kpis = Equality.Freeze(kpis);
        Description = description;
    }

    /// <summary>The touchpoint's identifier, used as the state machine trigger.</summary>
    public string Id { get; }

    /// <summary>The channel the touchpoint belongs to.</summary>
    public string Channel { get; }

    /// <summary>The stages where the touchpoint is expected to occur.</summary>
    public IReadOnlyList<string> ExpectedStages { get; }

    /// <summary>Who is responsible for the touchpoint.</summary>
    public string? Owner { get; }

    /// <summary>What the touchpoint must achieve.</summary>
    public string? Task { get; }

    /// <summary>The KPIs measuring the touchpoint.</summary>
    public IReadOnlyList<KpiDefinition> Kpis { get; }

    /// <summary>An optional free-text description.</summary>
    public string? Description { get; }

    /// <inheritdoc />
    public bool Equals(TouchpointDefinition? other) =>
        other is not null
        && string.Equals(Id, other.Id, StringComparison.Ordinal)
        && string.Equals(Channel, other.Channel, StringComparison.Ordinal)
        && string.Equals(Owner, other.Owner, StringComparison.Ordinal)
        && string.Equals(Task, other.Task, StringComparison.Ordinal)
        && string.Equals(Description, other.Description, StringComparison.Ordinal)
        && Equality.Sequences(ExpectedStages, other.ExpectedStages)
        && Equality.Sequences(Kpis, other.Kpis);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Id, Channel, Owner, Task, Description, Equality.SequenceHash(ExpectedStages), Equality.SequenceHash(Kpis));
}
