namespace CustomerJourney.Acting;

/// <summary>A store that can keep a delivery log beside its events, in the same database.</summary>
public interface IJourneyDeliveryLogSource
{
    /// <summary>Opens the delivery log kept in the store's database; the caller disposes it.</summary>
    /// <returns>The delivery log.</returns>
    IJourneyDeliveryLog OpenDeliveryLog();
}
