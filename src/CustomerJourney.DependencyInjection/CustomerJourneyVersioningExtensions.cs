using CustomerJourney.Storage;
using CustomerJourney.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerJourney.DependencyInjection;

/// <summary>Definition versions for journeys registered with <c>AddCustomerJourney</c>.</summary>
public static class CustomerJourneyVersioningExtensions
{
    /// <summary>
    /// Tracks the journey registered as <paramref name="name"/> with a <see cref="VersionedJourneyTracker"/>: the store
    /// records which definition version each journey was folded with, and <paramref name="configure"/> chooses between
    /// re-folding history under a changed definition and keeping journeys on the version they started with. The journey
    /// then resolves as a keyed <see cref="VersionedJourneyTracker"/> and as its keyed <see cref="IJourneyTracker"/> (and
    /// as the unkeyed one when it is the default journey). The store must implement <see cref="IDefinitionVersionStore"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The journey's registration name.</param>
    /// <param name="configure">Sets the policy and lists earlier versions; re-fold when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static CustomerJourneyBuilder UseDefinitionVersions(this CustomerJourneyBuilder builder, string name, Action<DefinitionVersioningOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var versioning = new DefinitionVersioningOptions();
        configure?.Invoke(versioning);
        var services = builder.Services;
        Remove(services, typeof(VersionedJourneyTracker), name);
        services.AddKeyedSingleton(name, (sp, key) =>
        {
            var factory = sp.GetRequiredService<IJourneyTrackerFactory>();
            var tracker = factory.Get((string)key!);
            var options = (factory as JourneyTrackerFactory)?.Options;
            return new VersionedJourneyTracker(tracker.Engine, sp.GetRequiredService<IJourneyStore>(), versioning, options, sp.GetService<TimeProvider>());
        });
        Remove(services, typeof(IJourneyTracker), name);
        services.AddKeyedSingleton<IJourneyTracker>(name, static (sp, key) => sp.GetRequiredKeyedService<VersionedJourneyTracker>(key));

        // the unkeyed tracker: the default journey's versioned tracker when it has one
        Remove(services, typeof(IJourneyTracker), null);
        services.AddSingleton<IJourneyTracker>(static sp =>
        {
            var factory = sp.GetRequiredService<IJourneyTrackerFactory>();
            return sp.GetKeyedService<VersionedJourneyTracker>(factory.DefaultName) as IJourneyTracker ?? sp.GetRequiredService<StoreBackedJourneyTracker>();
        });
        return builder;
    }

    private static void Remove(IServiceCollection services, Type serviceType, string? key)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var d = services[i];
            if (d.ServiceType == serviceType && (key is null ? !d.IsKeyedService : d.IsKeyedService && Equals(d.ServiceKey, key)))
            {
                services.RemoveAt(i);
            }
        }
    }
}
