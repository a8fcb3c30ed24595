using CustomerJourney.Definitions;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerJourney.DependencyInjection;

/// <summary>
/// Configures the journeys of <c>services.AddCustomerJourney(...)</c>: definitions by name, guards, the store and
/// tracker options. Definitions are loaded, validated and compiled when the host starts (or on first use), not here.
/// </summary>
public sealed class CustomerJourneyBuilder
{
    private readonly JourneyRegistrations _registrations;

    internal CustomerJourneyBuilder(IServiceCollection services, JourneyRegistrations registrations)
    {
        Services = services;
        _registrations = registrations;
    }

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    internal bool StoreChosen { get; private set; }

    /// <summary>Registers a built-in template (see <see cref="JourneyTemplates.Names"/>) under its own name.</summary>
    /// <param name="name">The template's name, e.g. <c>"five-stage"</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">No built-in template has that name.</exception>
    public CustomerJourneyBuilder AddTemplate(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!JourneyTemplates.TryGet(name, out var template))
        {
            throw new ArgumentException($"No built-in template is named '{name}'; the templates are: {string.Join(", ", JourneyTemplates.Names)}.", nameof(name));
        }

        return Add(name, (_, _) => template);
    }

    /// <summary>Registers a definition under its own name.</summary>
    /// <param name="definition">The definition; guard names are checked against the registered guards when it is compiled.</param>
    /// <returns>This builder.</returns>
    public CustomerJourneyBuilder AddDefinition(JourneyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Add(definition.Name, (_, _) => definition);
    }

    /// <summary>Registers a definition built in code when the journeys are compiled; its errors fail the host start.</summary>
    /// <param name="name">The definition's name and registration name.</param>
    /// <param name="configure">Describes the definition on a fresh <see cref="JourneyBuilder"/>.</param>
    /// <returns>This builder.</returns>
    public CustomerJourneyBuilder AddDefinition(string name, Action<JourneyBuilder> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        return Add(name, (_, guards) =>
        {
            var builder = new JourneyBuilder(name).WithGuards(guards);
            configure(builder);
            return builder.Build();
        });
    }

    /// <summary>Registers a definition read from a JSON file when the journeys are compiled.</summary>
    /// <param name="path">The file's path (relative paths are relative to the current directory).</param>
    /// <param name="name">The registration name; the file name without extension when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public CustomerJourneyBuilder AddJsonFile(string path, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Add(name ?? Path.GetFileNameWithoutExtension(path), (_, guards) => JourneyJson.Load(path, guards));
    }

    /// <summary>
    /// Registers a definition from a configuration section, named after the section's key. The section's value is
    /// either the JSON definition itself or the path of a JSON file; or the section has a <c>Json</c> or a <c>Path</c> entry.
    /// </summary>
    /// <param name="section">The section, e.g. <c>configuration.GetSection("Journeys:onboarding")</c>.</param>
    /// <returns>This builder.</returns>
    public CustomerJourneyBuilder AddConfiguration(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var name = section.Key;
        return Add(name, (_, guards) =>
        {
            var json = section["Json"];
            var path = section["Path"];
            var value = section.Value;
            if (!string.IsNullOrWhiteSpace(value))
            {
                if (value.TrimStart().StartsWith('{'))
                {
                    json = value;
                }
                else
                {
                    path = value;
                }
            }

            if (json is not null)
            {
                return JourneyJson.Parse(json, guards);
            }

            if (path is not null)
            {
                return JourneyJson.Load(path, guards);
            }

            throw new JourneyDefinitionException(name, [new DefinitionError { Code = "CJ000", Path = section.Path, Message = $"The configuration section '{section.Path}' holds neither a JSON definition nor a path." }]);
        });
    }

    /// <summary>Chooses the journey resolved without a key. The first registered is the default otherwise.</summary>
    /// <param name="name">A registered name (it may be registered after this call).</param>
    /// <returns>This builder.</returns>
    public CustomerJourneyBuilder SetDefault(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _registrations.ExplicitDefault = name;
        return this;
    }

    /// <summary>Binds a guard name used in definitions to a predicate.</summary>
    /// <param name="name">The guard's name.</param>
    /// <param name="predicate">Allows the transition when it returns <see langword="true"/>.</param>
    /// <returns>This builder.</returns>
    public CustomerJourneyBuilder AddGuard(string name, Func<GuardContext, bool> predicate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(predicate);
        _registrations.AddGuard(name, _ => predicate);
        return this;
    }

    /// <summary>Binds a guard name used in definitions to a <typeparamref name="TGuard"/> resolved from DI (registered as a singleton unless already registered).</summary>
    /// <typeparam name="TGuard">The guard type.</typeparam>
    /// <param name="name">The guard's name.</param>
    /// <returns>This builder.</returns>
    public CustomerJourneyBuilder AddGuard<TGuard>(string name)
        where TGuard : class, IJourneyGuard
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Services.TryAddSingleton<TGuard>();
        _registrations.AddGuard(name, services => services.GetRequiredService<TGuard>().Evaluate);
        return this;
    }

    /// <summary>Keeps journeys in an <see cref="InMemoryJourneyStore"/> (the default).</summary>
    /// <returns>This builder.</returns>
    public CustomerJourneyBuilder UseInMemoryStore() => UseStore(ServiceDescriptor.Singleton<IJourneyStore, InMemoryJourneyStore>());

    /// <summary>Stores journeys in a <typeparamref name="TStore"/> created by DI, replacing any store registered before.</summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <returns>This builder.</returns>
    public CustomerJourneyBuilder UseStore<TStore>()
        where TStore : class, IJourneyStore =>
        UseStore(ServiceDescriptor.Singleton<IJourneyStore, TStore>());

    /// <summary>Stores journeys in the store <paramref name="factory"/> creates, replacing any store registered before.</summary>
    /// <param name="factory">Creates the store (once: it is a singleton).</param>
    /// <returns>This builder.</returns>
    public CustomerJourneyBuilder UseStore(Func<IServiceProvider, IJourneyStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return UseStore(ServiceDescriptor.Singleton(factory));
    }

    /// <summary>Sets tracker options (limits and policies) shared by every journey.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public CustomerJourneyBuilder Configure(Action<JourneyTrackerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _registrations.AddOptions(configure);
        return this;
    }

    private CustomerJourneyBuilder UseStore(ServiceDescriptor descriptor)
    {
        var current = Services.FirstOrDefault(d => d.ServiceType == typeof(IJourneyStore) && !d.IsKeyedService);
        var same = current is not null
            && current.Lifetime == descriptor.Lifetime
            && current.ImplementationType == descriptor.ImplementationType
            && Equals(current.ImplementationFactory, descriptor.ImplementationFactory)
            && Equals(current.ImplementationInstance, descriptor.ImplementationInstance);
        if (!same)
        {
            Services.Replace(descriptor);
        }

        StoreChosen = true;
        return this;
    }

    private CustomerJourneyBuilder Add(string name, Func<IServiceProvider, GuardRegistry, JourneyDefinition> source)
    {
        _registrations.AddDefinition(name, source);
        Services.TryAddKeyedSingleton<StoreBackedJourneyTracker>(name, static (services, key) => services.GetRequiredService<IJourneyTrackerFactory>().Get((string)key!));
        Services.TryAddKeyedSingleton<IJourneyTracker>(name, static (services, key) => services.GetRequiredKeyedService<StoreBackedJourneyTracker>(key));
        Services.TryAddKeyedSingleton<Engine.JourneyEngine>(name, static (services, key) => services.GetRequiredKeyedService<StoreBackedJourneyTracker>(key).Engine);
        return this;
    }
}
