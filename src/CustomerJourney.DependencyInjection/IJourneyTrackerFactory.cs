using CustomerJourney.Definitions;
using CustomerJourney.Tracking;

namespace CustomerJourney.DependencyInjection;

/// <summary>
/// Resolves the journey trackers registered with <c>AddCustomerJourney</c> by definition name. Each tracker is
/// compiled once, on first use (or at host start), and shared: it is a singleton.
/// </summary>
public interface IJourneyTrackerFactory
{
    /// <summary>The registered definition names, in registration order.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The name of the default definition: the one set with <see cref="CustomerJourneyBuilder.SetDefault(string)"/>, otherwise the first registered.</summary>
    /// <exception cref="InvalidOperationException">No definition is registered, or the default names none of them.</exception>
    string DefaultName { get; }

    /// <summary>The tracker of the definition registered as <paramref name="name"/>.</summary>
    /// <param name="name">A name from <see cref="Names"/>.</param>
    /// <returns>The tracker, shared by every caller.</returns>
    /// <exception cref="KeyNotFoundException">No definition is registered under that name.</exception>
    /// <exception cref="JourneyDefinitionException">The definition is invalid or names a guard that is not bound; every error is listed.</exception>
    StoreBackedJourneyTracker Get(string name);

    /// <summary>
    /// Loads, validates and compiles every registered definition. The host does this at start-up; call it yourself
    /// when there is no host.
    /// </summary>
    /// <exception cref="JourneyDefinitionException">One or more definitions are invalid; every error of every definition is listed.</exception>
    /// <exception cref="ArgumentException">The tracker options are out of range; every offending option is named.</exception>
    void ValidateAll();
}
