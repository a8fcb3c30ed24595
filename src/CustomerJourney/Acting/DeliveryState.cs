namespace CustomerJourney.Acting;

/// <summary>Where a delivery stands.</summary>
public enum DeliveryState : byte
{
    /// <summary>Waiting for its (next) attempt.</summary>
    Pending = 0,

    /// <summary>Failed its last allowed attempt: kept with its error until re-driven.</summary>
    Parked = 2,
}
