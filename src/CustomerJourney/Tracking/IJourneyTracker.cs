using CustomerJourney.Engine;
using CustomerJourney.Storage;

namespace CustomerJourney.Tracking;

/// <summary>
/// Applies touchpoint events to customers' journeys on one definition: what a host application calls. Implemented
/// by <see cref="StoreBackedJourneyTracker"/> (the store is the truth, memory a bounded cache; what dependency
/// injection registers) and by <see cref="JourneyTracker"/> (in memory, synchronous; for analytics, tools and tests).
/// Both decide every event the same way.
/// </summary>
public interface IJourneyTracker
{
    /// <summary>The compiled definition this tracker runs.</summary>
    JourneyEngine Engine { get; }

    /// <summary>
    /// Checks <paramref name="touchpointEvent"/> against the rules this tracker applies to every event (ids, known touchpoint,
    /// plausible time, value, texts, properties), without tracking it.
    /// </summary>
    /// <param name="touchpointEvent">The event.</param>
    /// <returns>Every rule the event breaks, each with a code from <see cref="EventErrorCodes"/>; empty when the event is valid.</returns>
    IReadOnlyList<EventError> Validate(TouchpointEvent touchpointEvent);

    /// <summary>Tracks one event.</summary>
    /// <param name="touchpointEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the wait for the customer's lock or the store.</param>
    /// <returns>What the event did: advanced, stayed, ignored (all recorded as touches), rejected or duplicate.</returns>
    /// <exception cref="JourneyConcurrencyException">Other writers kept changing the journey beyond the retry limit.</exception>
    ValueTask<TrackResult> TrackAsync(TouchpointEvent touchpointEvent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tracks many events as one batch, returning one result per event in the order given. Every result (outcome,
    /// stages, version) and the final journeys equal tracking the same events one by one, in the same order.
    /// </summary>
    /// <param name="events">The events.</param>
    /// <param name="cancellationToken">Cancels the batch.</param>
    /// <returns>The results, in the order of <paramref name="events"/>.</returns>
    /// <exception cref="JourneyConcurrencyException">Other writers kept changing a journey beyond the retry limit.</exception>
    Task<IReadOnlyList<TrackResult>> TrackBatchAsync(IEnumerable<TouchpointEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Tracks a stream of events as they arrive, yielding each result.</summary>
    /// <param name="events">The events.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The results, in arrival order.</returns>
    IAsyncEnumerable<TrackResult> TrackAsync(IAsyncEnumerable<TouchpointEvent> events, CancellationToken cancellationToken = default);

    /// <summary>A snapshot of a customer's journey, read with the tracker's default <see cref="ReadConsistency"/>.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The journey, or <see langword="null"/> when the customer has none. An unknown customer leaves nothing behind.</returns>
    ValueTask<Journey?> GetJourneyAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>A snapshot of a customer's journey, read with the given consistency.</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="consistency">Whether the read must see the store's latest version, or may use the tracker's cache.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The journey, or <see langword="null"/> when the customer has none. An unknown customer leaves nothing behind.</returns>
    ValueTask<Journey?> GetJourneyAsync(string customerId, ReadConsistency consistency, CancellationToken cancellationToken = default);

    /// <summary>
    /// Links <paramref name="id"/> (an anonymous, device or other id) to the customer <paramref name="customerId"/>:
    /// their journeys become one journey of the customer, re-folded in time order (an event id held by both counts once),
    /// and later events of either id land on it. Chains are followed and conflicts resolved by
    /// <see cref="LinkResult.Decide"/>: an id already linked to another customer stays where it is.
    /// </summary>
    /// <param name="id">The id to link.</param>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the wait for the customers' locks or the store.</param>
    /// <returns>What the link did.</returns>
    /// <exception cref="ArgumentException">An id is empty or too long.</exception>
    ValueTask<LinkResult> LinkAsync(string id, string customerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases a customer's journey (with a store: every journey of the customer on every definition), together with every
    /// id linked with the customer.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the erasure.</param>
    /// <returns>Whether anything was erased.</returns>
    ValueTask<bool> EraseAsync(string customerId, CancellationToken cancellationToken = default);
}
