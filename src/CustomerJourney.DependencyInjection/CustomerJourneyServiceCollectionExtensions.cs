using CustomerJourney.DependencyInjection;
using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers CustomerJourney with a service collection.</summary>
public static class CustomerJourneyServiceCollectionExtensions
{
    /// <summary>
    /// Registers journeys, their guards, the store and tracker options. Each journey resolves as a keyed
    /// <see cref="IJourneyTracker"/>, <see cref="StoreBackedJourneyTracker"/> and <see cref="JourneyEngine"/> (key: its
    /// registration name) and through
    /// <see cref="IJourneyTrackerFactory"/>; the default journey also resolves without a key. Every journey is compiled
    /// when the host starts, so an invalid definition fails the start with every error listed. Safe to call more than
    /// once: later calls add to the same registrations and register no service twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Registers definitions, guards, the store and options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCustomerJourney(this IServiceCollection services, Action<CustomerJourneyBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        var registrations = services.FirstOrDefault(d => d.ServiceType == typeof(JourneyRegistrations) && !d.IsKeyedService)?.ImplementationInstance as JourneyRegistrations;
        if (registrations is null)
        {
            registrations = new JourneyRegistrations();
            services.AddSingleton(registrations);
        }

        var builder = new CustomerJourneyBuilder(services, registrations);
        configure(builder);

        if (!builder.StoreChosen)
        {
            services.TryAddSingleton<IJourneyStore, InMemoryJourneyStore>();
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IJourneyTrackerFactory>(static sp => new JourneyTrackerFactory(sp, sp.GetRequiredService<JourneyRegistrations>()));
        services.TryAddSingleton<StoreBackedJourneyTracker>(static sp =>
        {
            var factory = sp.GetRequiredService<IJourneyTrackerFactory>();
            return factory.Get(factory.DefaultName);
        });
        services.TryAddSingleton<IJourneyTracker>(static sp => sp.GetRequiredService<StoreBackedJourneyTracker>());
        services.TryAddSingleton<JourneyEngine>(static sp => sp.GetRequiredService<StoreBackedJourneyTracker>().Engine);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, JourneyStartupValidator>());
        return services;
    }
}
