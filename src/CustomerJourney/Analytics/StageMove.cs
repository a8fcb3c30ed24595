namespace CustomerJourney.Analytics;

/// <summary>How many customers stand in <paramref name="From"/> under one definition and in <paramref name="To"/> under another.</summary>
/// <param name="From">The stage under the old definition; <see langword="null"/> when the customer has no journey under it (none of their events is valid there).</param>
/// <param name="To">The stage under the new definition; <see langword="null"/> when the customer has no journey under it.</param>
/// <param name="Customers">The number of customers.</param>
public sealed record StageMove(string? From, string? To, long Customers)
{
    /// <summary>Whether these customers stand somewhere else under the new definition.</summary>
    public bool IsMove => !string.Equals(From, To, StringComparison.Ordinal);
}
