using CustomerJourney.Acting;

namespace CustomerJourney.Hosting;

/// <summary>
/// A stage handler as a class: resolved from a new dependency-injection scope for every delivery, so it may depend on
/// scoped services. Register it with <see cref="JourneyHandlerBuilderExtensions.AddHandler{THandler}"/>.
/// </summary>
/// <remarks>
/// Delivery is at least once: a handler may see the same transition again (after a failure, a crash or a re-drive), always
/// with the same <see cref="JourneyTransition.DeliveryId"/>; make the effect idempotent on it. Throwing fails the attempt:
/// it is retried with back-off and parked after the configured number of attempts.
/// </remarks>
public interface IJourneyHandler
{
    /// <summary>Acts on one transition.</summary>
    /// <param name="transition">The change of the customer's current stage.</param>
    /// <param name="cancellationToken">Cancelled when the host stops or the handler's time is up.</param>
    /// <returns>A task that completes when the handler is done.</returns>
    ValueTask HandleAsync(JourneyTransition transition, CancellationToken cancellationToken);
}
