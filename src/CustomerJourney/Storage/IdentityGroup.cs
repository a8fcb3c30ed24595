namespace CustomerJourney.Storage;

/// <summary>
/// The ids that are one customer: the customer id every linked id resolves to, and every id of the group (the customer
/// id included), in ordinal order. An id that was never linked is a group of one.
/// </summary>
public sealed record IdentityGroup
{
    /// <summary>The customer id the group's journeys are kept under.</summary>
    public required string CustomerId { get; init; }

    /// <summary>Every id of the group, <see cref="CustomerId"/> included, in ordinal order.</summary>
    public required IReadOnlyList<string> Ids { get; init; }

    /// <summary>The group of an id that is linked to nothing.</summary>
    /// <param name="id">The id.</param>
    /// <returns>A group holding only <paramref name="id"/>.</returns>
    public static IdentityGroup Single(string id) => new() { CustomerId = id, Ids = [id] };

    /// <summary>Whether the group holds more than one id.</summary>
    public bool IsLinked => Ids.Count > 1;

    /// <summary>Whether two groups hold the same customer id and the same ids.</summary>
    /// <param name="other">The other group.</param>
    /// <returns><see langword="true"/> when both name the same customer and ids.</returns>
    public bool Equals(IdentityGroup? other) =>
        other is not null && string.Equals(CustomerId, other.CustomerId, StringComparison.Ordinal) && Ids.SequenceEqual(other.Ids, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(CustomerId) ^ Ids.Count;
}
