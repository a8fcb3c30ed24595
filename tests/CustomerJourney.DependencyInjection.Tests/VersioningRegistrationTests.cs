using CustomerJourney.Definitions;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerJourney.DependencyInjection.Tests;

public sealed class VersioningRegistrationTests
{
    [Fact]
    public async Task UseDefinitionVersions_DefaultJourney_ResolvesVersionedTrackerKeyedAndUnkeyed_AndRecordsVersions()
    {
        var services = new ServiceCollection();
        services.AddCustomerJourney(b => b
            .AddTemplate(JourneyTemplates.FiveStageName)
            .AddTemplate(JourneyTemplates.LifecycleName)
            .UseDefinitionVersions(JourneyTemplates.FiveStageName, v => v.Policy = DefinitionChangePolicy.KeepStartedVersion));
        await using var provider = services.BuildServiceProvider();

        var versioned = provider.GetRequiredKeyedService<VersionedJourneyTracker>("five-stage");
        await provider.GetRequiredService<IJourneyTracker>().TrackAsync(new TouchpointEvent("e1", "c1", "search-ad", DateTimeOffset.UtcNow.AddMinutes(-1)), TestContext.Current.CancellationToken);

        Assert.Same(versioned, provider.GetRequiredKeyedService<IJourneyTracker>("five-stage"));
        Assert.Same(versioned, provider.GetRequiredService<IJourneyTracker>());
        Assert.IsType<StoreBackedJourneyTracker>(provider.GetRequiredKeyedService<IJourneyTracker>("lifecycle"));
        Assert.Equal(DefinitionChangePolicy.KeepStartedVersion, versioned.Policy);
        Assert.Equal(DefinitionVersion.Of(JourneyTemplates.FiveStage).ToString(), (await versioned.GetDefinitionVersionAsync("c1", TestContext.Current.CancellationToken))!.Version);
        var store = (IDefinitionVersionStore)provider.GetRequiredService<IJourneyStore>();
        Assert.NotNull(await store.LoadDefinitionAsync("five-stage", versioned.Version.ToString(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void UseDefinitionVersions_OtherJourney_LeavesTheDefaultUnversioned()
    {
        var services = new ServiceCollection();
        services.AddCustomerJourney(b => b
            .AddTemplate(JourneyTemplates.FiveStageName)
            .AddTemplate(JourneyTemplates.LifecycleName)
            .UseDefinitionVersions(JourneyTemplates.LifecycleName));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<StoreBackedJourneyTracker>(provider.GetRequiredService<IJourneyTracker>());
        Assert.IsType<VersionedJourneyTracker>(provider.GetRequiredKeyedService<IJourneyTracker>("lifecycle"));
        Assert.Equal(DefinitionChangePolicy.Refold, provider.GetRequiredKeyedService<VersionedJourneyTracker>("lifecycle").Policy);
    }
}
