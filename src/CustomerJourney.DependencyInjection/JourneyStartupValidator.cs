using Microsoft.Extensions.Hosting;

namespace CustomerJourney.DependencyInjection;

/// <summary>Compiles every registered journey when the host starts, so that an invalid definition fails the start.</summary>
internal sealed class JourneyStartupValidator(IJourneyTrackerFactory factory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        factory.ValidateAll();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
