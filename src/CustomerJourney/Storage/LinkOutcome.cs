namespace CustomerJourney.Storage;

/// <summary>What linking an id to a customer did.</summary>
public enum LinkOutcome
{
    /// <summary>The id (with every id already linked to it) now belongs to the customer: their journeys are merged.</summary>
    Linked = 0,

    /// <summary>The id already belonged to the customer (or is the customer): nothing changed.</summary>
    AlreadyLinked = 1,

    /// <summary>
    /// The id is already linked to another customer: nothing changed (the first link wins). To merge the two customers,
    /// link the other customer's id itself.
    /// </summary>
    Conflict = 2,
}
