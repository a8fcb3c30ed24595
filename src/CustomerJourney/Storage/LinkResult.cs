namespace CustomerJourney.Storage;

/// <summary>The result of linking an id to a customer.</summary>
public sealed record LinkResult
{
    /// <summary>What the link did.</summary>
    public required LinkOutcome Outcome { get; init; }

    /// <summary>The id that was linked.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The customer id the id's journeys are kept under now (<see cref="LinkOutcome.Linked"/>,
    /// <see cref="LinkOutcome.AlreadyLinked"/>), or the one it stays linked to (<see cref="LinkOutcome.Conflict"/>).
    /// </summary>
    public required string CustomerId { get; init; }

    /// <summary>Why nothing changed, for <see cref="LinkOutcome.Conflict"/>; otherwise <see langword="null"/> (the default).</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// The rule every store applies when it links <paramref name="id"/> to a customer: the same customer already is
    /// <see cref="LinkOutcome.AlreadyLinked"/>; an id that is itself a customer id (linked to nothing, or with ids of
    /// its own linked to it) is <see cref="LinkOutcome.Linked"/>, its whole group joining the customer; an id already
    /// linked to another customer is a <see cref="LinkOutcome.Conflict"/> (the first link wins).
    /// </summary>
    /// <param name="id">The id to link.</param>
    /// <param name="idCustomer">The customer id <paramref name="id"/> resolves to now (itself when it is linked to nothing).</param>
    /// <param name="customer">The customer id the target resolves to now.</param>
    /// <returns>What the link does.</returns>
    public static LinkResult Decide(string id, string idCustomer, string customer)
    {
        if (string.Equals(idCustomer, customer, StringComparison.Ordinal))
        {
            return new LinkResult { Outcome = LinkOutcome.AlreadyLinked, Id = id, CustomerId = customer };
        }

        return string.Equals(id, idCustomer, StringComparison.Ordinal)
            ? new LinkResult { Outcome = LinkOutcome.Linked, Id = id, CustomerId = customer }
            : new LinkResult
            {
                Outcome = LinkOutcome.Conflict,
                Id = id,
                CustomerId = idCustomer,
                Reason = $"Id '{id}' is already linked to customer '{idCustomer}'; it cannot also be linked to '{customer}'. Link '{idCustomer}' itself to merge the two customers.",
            };
    }
}
