using CustomerJourney.Acting;
using CustomerJourney.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace CustomerJourney.Hosting;

/// <summary>
/// Registers stage handlers on <c>services.AddCustomerJourney(...)</c>: delegates for entering, leaving or moving between
/// stages, or classes implementing <see cref="IJourneyHandler"/>. The first handler registered also registers the
/// dispatcher (a hosted <see cref="BackgroundService"/>) that delivers transitions from the store's change feed.
/// </summary>
/// <remarks>
/// Delegate parameters: a <see cref="JourneyTransition"/>, a <see cref="CancellationToken"/>, an <see cref="IServiceProvider"/>
/// (the delivery's scope) and any service, resolved from a scope created for each delivery. Each handler has a stable name
/// (given, or made from what it handles: <c>enter:lapsed</c>, <c>leave:purchase</c>, <c>transition:a->b</c>, a class's full
/// name; a repeated name gets <c>#2</c>, <c>#3</c>, ... in registration order): deliveries are recorded by that name, so
/// renaming a handler leaves its undelivered deliveries to be parked as unknown.
/// </remarks>
public static class JourneyHandlerBuilderExtensions
{
    /// <summary>Calls <paramref name="handler"/> whenever a customer enters <paramref name="stage"/> (including re-entering it).</summary>
    /// <param name="builder">The journeys being configured.</param>
    /// <param name="stage">The stage id.</param>
    /// <param name="handler">The handler delegate.</param>
    /// <param name="journey">Only this definition's journeys; every definition when <see langword="null"/>.</param>
    /// <param name="name">The handler's stable name; made from the stage when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static CustomerJourneyBuilder OnEnter(this CustomerJourneyBuilder builder, string stage, Delegate handler, string? journey = null, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        return builder.On("enter:" + stage, t => string.Equals(t.To, stage, StringComparison.Ordinal), handler, journey, name);
    }

    /// <summary>Calls <paramref name="handler"/> whenever a customer leaves <paramref name="stage"/> (including re-entering it).</summary>
    /// <param name="builder">The journeys being configured.</param>
    /// <param name="stage">The stage id.</param>
    /// <param name="handler">The handler delegate.</param>
    /// <param name="journey">Only this definition's journeys; every definition when <see langword="null"/>.</param>
    /// <param name="name">The handler's stable name; made from the stage when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static CustomerJourneyBuilder OnLeave(this CustomerJourneyBuilder builder, string stage, Delegate handler, string? journey = null, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        return builder.On("leave:" + stage, t => string.Equals(t.From, stage, StringComparison.Ordinal), handler, journey, name);
    }

    /// <summary>Calls <paramref name="handler"/> on changes from <paramref name="from"/> to <paramref name="to"/>; a <see langword="null"/> stage matches any.</summary>
    /// <param name="builder">The journeys being configured.</param>
    /// <param name="from">The stage left, or <see langword="null"/> for any (including a new journey).</param>
    /// <param name="to">The stage entered, or <see langword="null"/> for any.</param>
    /// <param name="handler">The handler delegate.</param>
    /// <param name="journey">Only this definition's journeys; every definition when <see langword="null"/>.</param>
    /// <param name="name">The handler's stable name; made from the stages when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static CustomerJourneyBuilder OnTransition(this CustomerJourneyBuilder builder, string? from, string? to, Delegate handler, string? journey = null, string? name = null) =>
        builder.On(
            $"transition:{from ?? "*"}->{to ?? "*"}",
            t => (from is null || string.Equals(t.From, from, StringComparison.Ordinal)) && (to is null || string.Equals(t.To, to, StringComparison.Ordinal)),
            handler,
            journey,
            name);

    /// <summary>Registers a handler class, resolved from a new scope for each delivery (registered as scoped unless already registered).</summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="builder">The journeys being configured.</param>
    /// <param name="when">Which transitions it wants; every transition when <see langword="null"/>.</param>
    /// <param name="journey">Only this definition's journeys; every definition when <see langword="null"/>.</param>
    /// <param name="name">The handler's stable name; the type's full name when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static CustomerJourneyBuilder AddHandler<THandler>(this CustomerJourneyBuilder builder, Func<JourneyTransition, bool>? when = null, string? journey = null, string? name = null)
        where THandler : class, IJourneyHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddScoped<THandler>();
        var registry = Registry(builder);
        registry.Add(new JourneyHandlerRegistration(
            name ?? registry.UniqueName(typeof(THandler).FullName ?? typeof(THandler).Name),
            journey,
            when ?? (static _ => true),
            static (scope, transition, cancellationToken) => scope.GetRequiredService<THandler>().HandleAsync(transition, cancellationToken),
            [typeof(THandler)]));
        return builder;
    }

    /// <summary>Configures the dispatcher (and registers it, even without handlers: it then applies inactivity lapses only).</summary>
    /// <param name="builder">The journeys being configured.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The builder.</returns>
    public static CustomerJourneyBuilder ConfigureDispatcher(this CustomerJourneyBuilder builder, Action<JourneyDispatcherOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        Registry(builder);
        builder.Services.AddSingleton(new DispatcherConfiguration(configure));
        return builder;
    }

    private static CustomerJourneyBuilder On(this CustomerJourneyBuilder builder, string stem, Func<JourneyTransition, bool> filter, Delegate handler, string? journey, string? name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (invoke, services) = HandlerDelegate.Bind(handler);
        var registry = Registry(builder);
        registry.Add(new JourneyHandlerRegistration(name ?? registry.UniqueName(stem), journey, filter, invoke, services));
        return builder;
    }

    /// <summary>The registry of the service collection, created (with the dispatcher's services) on first use.</summary>
    private static JourneyHandlerRegistry Registry(CustomerJourneyBuilder builder)
    {
        var services = builder.Services;
        if (services.FirstOrDefault(d => d.ServiceType == typeof(JourneyHandlerRegistry) && !d.IsKeyedService)?.ImplementationInstance is JourneyHandlerRegistry existing)
        {
            return existing;
        }

        var registry = new JourneyHandlerRegistry();
        services.AddSingleton(registry);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IJourneyDeliveryLog>(static sp => sp.GetRequiredService<Storage.IJourneyStore>() is IJourneyDeliveryLogSource source
            ? source.OpenDeliveryLog()
            : throw new InvalidOperationException($"The journey store ({sp.GetRequiredService<Storage.IJourneyStore>().GetType().Name}) keeps no delivery log: journey handlers need the in-memory, SQLite or PostgreSQL store, or a store implementing {nameof(IJourneyDeliveryLogSource)}."));
        services.TryAddSingleton<JourneyDispatcher>();
        services.AddHostedService<JourneyDispatcherService>();
        return registry;
    }
}
