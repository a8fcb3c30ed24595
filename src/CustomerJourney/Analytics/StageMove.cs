namespace CustomerJourney.Analytics;

/// <summary>How many customers stand in <see cref="From"/> under one definition and in <see cref="To"/> under another.</summary>
public sealed record StageMove
{
    /// <summary>The stage under the old definition; <see langword="null"/> when the customer has no journey under it (none of their events is valid there).</summary>
    public required string? From { get; init; }

    /// <summary>The stage under the new definition; <see langword="null"/> when the customer has no journey under it.</summary>
    public required string? To { get; init; }

    /// <summary>The number of customers.</summary>
    public required long Customers { get; init; }

    /// <summary>Whether these customers stand somewhere else under the new definition.</summary>
    public bool IsMove => !string.Equals(From, To, StringComparison.Ordinal);
}
