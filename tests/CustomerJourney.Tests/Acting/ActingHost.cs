using System.Collections.Concurrent;
using CustomerJourney.Acting;
using CustomerJourney.DependencyInjection;
using CustomerJourney.Hosting;
using CustomerJourney.Sqlite;
using CustomerJourney.Tracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CustomerJourney.Tests.Acting;

/// <summary>What handlers received, in order, by handler name.</summary>
internal sealed class Received
{
    public ConcurrentQueue<(string Handler, JourneyTransition Transition)> All { get; } = new();

    public IReadOnlyList<JourneyTransition> Of(string handler) => All.Where(r => r.Handler == handler).Select(r => r.Transition).ToList();

    public void Add(string handler, JourneyTransition transition) => All.Enqueue((handler, transition));
}

/// <summary>A scoped service, to show that every delivery gets its own scope.</summary>
internal sealed class PerDelivery
{
    public Guid Id { get; } = Guid.NewGuid();
}

/// <summary>A service provider with the five-stage journey, a store, a fake clock and handlers: what a host holds.</summary>
internal sealed class ActingHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public ActingHost(Action<CustomerJourneyBuilder> store, Action<CustomerJourneyBuilder>? handlers = null, Action<JourneyDispatcherOptions>? options = null, FakeTimeProvider? clock = null, Received? received = null)
    {
        Clock = clock ?? new FakeTimeProvider(Start);
        Received = received ?? new Received();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Received);
        services.AddScoped<PerDelivery>();
        services.AddCustomerJourney(journeys =>
        {
            journeys.AddTemplate("five-stage");
            store(journeys);
            handlers?.Invoke(journeys);
            journeys.ConfigureDispatcher(o =>
            {
                o.PollInterval = TimeSpan.FromMilliseconds(20);
                o.RetryDelay = TimeSpan.FromSeconds(1);
                o.MaxRetryDelay = TimeSpan.FromSeconds(4);
                options?.Invoke(o);
            });
        });
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public FakeTimeProvider Clock { get; }

    public Received Received { get; }

    public IServiceProvider Services => _services;

    public JourneyDispatcher Dispatcher => _services.GetRequiredService<JourneyDispatcher>();

    public IJourneyTracker Tracker => _services.GetRequiredService<IJourneyTracker>();

    public IJourneyDeliveryLog Deliveries => _services.GetRequiredService<IJourneyDeliveryLog>();

    public static Action<CustomerJourneyBuilder> Sqlite(string path) => j => j.UseSqliteStore(path);

    /// <summary>Records every transition under the handler name "all".</summary>
    public static void RecordAll(CustomerJourneyBuilder journeys) =>
        journeys.OnTransition(null, null, (JourneyTransition t, Received r) => r.Add("all", t), name: "all");

    public async Task<TrackResult> TrackAsync(string eventId, string customer, string touchpoint, TimeSpan after, string? segment = null) =>
        await Tracker.TrackAsync(new TouchpointEvent(eventId, customer, touchpoint, Start + after) { Segment = segment }, TestContext.Current.CancellationToken);

    public Task<int> RunOnceAsync() => Dispatcher.RunOnceAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
