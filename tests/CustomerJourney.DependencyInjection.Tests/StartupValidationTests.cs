using CustomerJourney.Definitions;
using CustomerJourney.Templates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CustomerJourney.DependencyInjection.Tests;

public sealed class StartupValidationTests
{
    [Fact]
    public async Task StartAsync_InvalidDefinition_FailsListingEveryError()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCustomerJourney(b => b.AddTemplate("five-stage").AddDefinition("broken", Journeys.Broken));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<JourneyDefinitionException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal("broken", error.DefinitionName);
        var codes = error.Errors.Select(e => e.Code).ToHashSet();
        Assert.Contains(DefinitionErrorCodes.UnknownGuard, codes);
        Assert.Contains(DefinitionErrorCodes.UnknownStage, codes);
        Assert.True(error.Errors.Count() >= 3, error.Message);
        Assert.All(error.Errors, e => Assert.Contains(e.Message, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_UnboundGuardAndMissingFile_FailsListingBothJourneys()
    {
        var prebuilt = new JourneyBuilder("vip");
        Journeys.VipOnly(prebuilt);
        var vip = prebuilt.Build();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCustomerJourney(b => b
            .AddDefinition(vip)
            .AddJsonFile(Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.json"), "from-file"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<JourneyDefinitionException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal("vip, from-file", error.DefinitionName);
        Assert.Contains(error.Errors, e => e.Code == DefinitionErrorCodes.UnknownGuard && e.Path.StartsWith("vip: ", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Path.StartsWith("from-file: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_ValidDefinitions_LogsEachCompiledAndTheTotal()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddFakeLogging();
        builder.Services.AddCustomerJourney(b => b
            .AddTemplate(JourneyTemplates.FiveStageName)
            .AddDefinition("vip", Journeys.VipOnly)
            .AddGuard("vip", _ => true));
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);
        var records = host.Services.GetFakeLogCollector().GetSnapshot();
        await host.StopAsync(TestContext.Current.CancellationToken);

        var compiled = records.Where(r => r.Id.Name == "JourneyCompiled").Select(r => r.Message).ToList();
        Assert.Equal(2, compiled.Count);
        Assert.Contains(compiled, m => m.Contains("'vip'", StringComparison.Ordinal) && m.Contains("1 guards bound", StringComparison.Ordinal));
        var validated = Assert.Single(records, r => r.Id.Name == "JourneysValidated");
        Assert.Equal(LogLevel.Information, validated.Level);
        Assert.Contains("2 journey definitions", validated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAll_WithoutHost_ThrowsForUnboundGuard()
    {
        var services = new ServiceCollection();
        services.AddCustomerJourney(b => b.AddDefinition("vip", Journeys.VipOnly));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<JourneyDefinitionException>(() => provider.GetRequiredService<IJourneyTrackerFactory>().ValidateAll());

        Assert.Equal(DefinitionErrorCodes.UnknownGuard, Assert.Single(error.Errors).Code);
    }
}
