using CustomerJourney.Definitions;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerJourney.DependencyInjection.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public void AddConfiguration_InlineJsonAndPath_BothResolveByKey()
    {
        var json = JourneyJson.Serialize(JourneyTemplates.Lifecycle, indented: false);
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JourneyJson.Serialize(JourneyTemplates.DecisionPath));
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Journeys:inline"] = json,
                    ["Journeys:file:Path"] = path,
                })
                .Build();
            var services = new ServiceCollection();
            services.AddCustomerJourney(b => b
                .AddConfiguration(configuration.GetSection("Journeys:inline"))
                .AddConfiguration(configuration.GetSection("Journeys:file")));
            using var provider = services.BuildServiceProvider();

            provider.GetRequiredService<IJourneyTrackerFactory>().ValidateAll();

            Assert.Equal(JourneyTemplates.Lifecycle, provider.GetRequiredKeyedService<StoreBackedJourneyTracker>("inline").Engine.Definition);
            Assert.Equal(JourneyTemplates.DecisionPath, provider.GetRequiredKeyedService<StoreBackedJourneyTracker>("file").Engine.Definition);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AddJsonFile_NoName_RegisteredUnderFileName()
    {
        var path = Path.Combine(Path.GetTempPath(), $"journey-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JourneyJson.Serialize(JourneyTemplates.IntentPath));
        try
        {
            var services = new ServiceCollection();
            services.AddCustomerJourney(b => b.AddJsonFile(path));
            using var provider = services.BuildServiceProvider();

            var tracker = provider.GetRequiredKeyedService<StoreBackedJourneyTracker>(Path.GetFileNameWithoutExtension(path));

            Assert.Equal(JourneyTemplates.IntentPathName, tracker.Engine.Definition.Name);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
