using CustomerJourney.Definitions;

namespace CustomerJourney.DependencyInjection;

/// <summary>
/// A named guard resolved from dependency injection. Register it with
/// <see cref="CustomerJourneyBuilder.AddGuard{TGuard}(string)"/>; the definition's transitions name it.
/// </summary>
public interface IJourneyGuard
{
    /// <summary>Decides whether the guarded transition is allowed.</summary>
    /// <param name="context">The touch and the journey it applies to.</param>
    /// <returns><see langword="true"/> to allow the transition.</returns>
    bool Evaluate(GuardContext context);
}
