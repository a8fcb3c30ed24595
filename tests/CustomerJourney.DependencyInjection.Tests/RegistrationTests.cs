using CustomerJourney.DependencyInjection;
using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CustomerJourney.DependencyInjection.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public void AddCustomerJourney_TwoTemplates_ResolveKeyedDefaultAndThroughFactory()
    {
        var services = new ServiceCollection();
        services.AddCustomerJourney(b => b.AddTemplate(JourneyTemplates.FiveStageName).AddTemplate(JourneyTemplates.LifecycleName));
        using var provider = services.BuildServiceProvider();

        var fiveStage = provider.GetRequiredKeyedService<StoreBackedJourneyTracker>("five-stage");
        var lifecycle = provider.GetRequiredKeyedService<StoreBackedJourneyTracker>("lifecycle");
        var factory = provider.GetRequiredService<IJourneyTrackerFactory>();

        Assert.Equal("five-stage", fiveStage.Engine.Definition.Name);
        Assert.Equal("lifecycle", lifecycle.Engine.Definition.Name);
        Assert.Same(fiveStage, provider.GetRequiredService<StoreBackedJourneyTracker>());
        Assert.Same(fiveStage, factory.Get("five-stage"));
        Assert.Same(lifecycle, factory.Get("lifecycle"));
        Assert.Same(lifecycle.Engine, provider.GetRequiredKeyedService<JourneyEngine>("lifecycle"));
        Assert.Same(fiveStage.Engine, provider.GetRequiredService<JourneyEngine>());
        Assert.Equal(["five-stage", "lifecycle"], factory.Names);
    }

    [Fact]
    public void SetDefault_SecondJourney_ResolvesUnkeyed()
    {
        var services = new ServiceCollection();
        services.AddCustomerJourney(b => b.AddTemplate("five-stage").AddTemplate("lifecycle").SetDefault("lifecycle"));
        using var provider = services.BuildServiceProvider();

        Assert.Equal("lifecycle", provider.GetRequiredService<StoreBackedJourneyTracker>().Engine.Definition.Name);
        Assert.Equal("lifecycle", provider.GetRequiredService<IJourneyTrackerFactory>().DefaultName);
    }

    [Fact]
    public void Get_UnregisteredName_ThrowsKeyNotFoundNamingTheRegisteredOnes()
    {
        var services = new ServiceCollection();
        services.AddCustomerJourney(b => b.AddTemplate("five-stage"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<KeyNotFoundException>(() => provider.GetRequiredService<IJourneyTrackerFactory>().Get("nope"));
        Assert.Contains("five-stage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTemplate_UnknownName_ThrowsArgumentException()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddCustomerJourney(b => b.AddTemplate("no-such-template")));
    }

    [Fact]
    public void AddCustomerJourney_CalledTwice_AddsNoDescriptor()
    {
        var services = new ServiceCollection();
        void Configure(CustomerJourneyBuilder b) => b.AddTemplate("five-stage").AddTemplate("lifecycle").AddGuard<AllowGuard>("allow").UseInMemoryStore();

        services.AddCustomerJourney(Configure);
        var first = services.ToList();
        services.AddCustomerJourney(Configure);

        Assert.Equal(first.Count, services.Count);
        Assert.Equal(first, services.ToList());
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(IJourneyStore));
        Assert.Single(services, d => d.ServiceType == typeof(StoreBackedJourneyTracker) && !d.IsKeyedService);
        Assert.Single(services, d => d.ServiceType == typeof(StoreBackedJourneyTracker) && d.IsKeyedService && Equals(d.ServiceKey, "lifecycle"));
    }

    [Fact]
    public void AddCustomerJourney_SecondCallWithAnotherJourney_AddsOnlyItsKeyedServices()
    {
        var services = new ServiceCollection();
        services.AddCustomerJourney(b => b.AddTemplate("five-stage"));
        var before = services.Count;

        services.AddCustomerJourney(b => b.AddTemplate("lifecycle"));
        using var provider = services.BuildServiceProvider();

        // the second journey adds only its keyed tracker (concrete and interface) and engine
        Assert.Equal(before + 3, services.Count);
        Assert.Equal(["five-stage", "lifecycle"], provider.GetRequiredService<IJourneyTrackerFactory>().Names);
        Assert.Equal("five-stage", provider.GetRequiredService<StoreBackedJourneyTracker>().Engine.Definition.Name);
    }

    [Fact]
    public async Task UseStore_CustomStore_TrackerWritesToIt()
    {
        var store = new InMemoryJourneyStore();
        var services = new ServiceCollection();
        services.AddCustomerJourney(b => b.AddTemplate("five-stage").UseStore(_ => store));
        using var provider = services.BuildServiceProvider();

        var tracker = provider.GetRequiredService<StoreBackedJourneyTracker>();
        var result = await tracker.TrackAsync(new TouchpointEvent("e1", "c1", "search-ad", DateTimeOffset.UtcNow.AddMinutes(-1)));

        Assert.Equal(TrackOutcome.Advanced, result.Outcome);
        Assert.Same(store, tracker.Store);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void UseStore_Generic_ReplacesDefaultStore()
    {
        var services = new ServiceCollection();
        services.AddCustomerJourney(b => b.AddTemplate("five-stage"));
        services.AddCustomerJourney(b => b.UseStore<CountingStore>());
        using var provider = services.BuildServiceProvider();

        Assert.IsType<CountingStore>(provider.GetRequiredService<StoreBackedJourneyTracker>().Store);
        Assert.Single(services, d => d.ServiceType == typeof(IJourneyStore));
    }

    [Fact]
    public async Task AddCustomerJourney_TimeProviderFromDi_UsedByTracker()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddCustomerJourney(b => b.AddTemplate("five-stage").Configure(o => o.MaxFutureSkew = TimeSpan.FromHours(1)));
        using var provider = services.BuildServiceProvider();
        var tracker = provider.GetRequiredService<StoreBackedJourneyTracker>();

        // Two hours ahead of the fake clock is too far in the future; a real-clock tracker (2030 is ahead of now) would reject both.
        var inTime = await tracker.TrackAsync(new TouchpointEvent("e1", "c1", "search-ad", clock.GetUtcNow().AddMinutes(30)));
        var tooLate = await tracker.TrackAsync(new TouchpointEvent("e2", "c1", "blog-post", clock.GetUtcNow().AddHours(2)));

        Assert.Equal(TrackOutcome.Advanced, inTime.Outcome);
        Assert.Equal(TrackOutcome.Rejected, tooLate.Outcome);
    }

    private sealed class AllowGuard : IJourneyGuard
    {
        public bool Evaluate(Definitions.GuardContext context) => true;
    }

    private sealed class CountingStore : IJourneyStore, IDisposable
    {
        private readonly InMemoryJourneyStore _inner = new();

        public ValueTask<StoredJourney?> LoadAsync(JourneyKey key, CancellationToken cancellationToken = default) => _inner.LoadAsync(key, cancellationToken);

        public ValueTask<AppendResult> AppendAsync(JourneyKey key, long expectedVersion, IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default) =>
            _inner.AppendAsync(key, expectedVersion, events, cancellationToken);

        public IAsyncEnumerable<StoredJourney> ReadAllAsync(string definitionName, CancellationToken cancellationToken = default) => _inner.ReadAllAsync(definitionName, cancellationToken);

        public ValueTask<int> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default) => _inner.EraseCustomerAsync(customerId, cancellationToken);

        public ValueTask DisposeAsync() => _inner.DisposeAsync();

        public void Dispose() => _inner.Dispose();
    }
}
