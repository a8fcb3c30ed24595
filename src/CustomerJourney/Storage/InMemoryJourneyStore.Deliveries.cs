using CustomerJourney.Acting;

namespace CustomerJourney.Storage;

/// <summary>The in-memory store keeps its delivery log in memory too.</summary>
public sealed partial class InMemoryJourneyStore : IJourneyDeliveryLogSource
{
    private InMemoryJourneyDeliveryLog? _deliveries;

    /// <summary>The store's delivery log: one per store, shared by every caller; not durable.</summary>
    /// <returns>The delivery log (disposing it releases nothing).</returns>
    public IJourneyDeliveryLog OpenDeliveryLog() =>
        LazyInitializer.EnsureInitialized(ref _deliveries, static () => new InMemoryJourneyDeliveryLog());
}
