using Microsoft.Extensions.Hosting;

namespace CustomerJourney.Hosting;

/// <summary>The hosted service that runs the <see cref="JourneyDispatcher"/> while the host runs.</summary>
/// <param name="dispatcher">The dispatcher.</param>
public sealed class JourneyDispatcherService(JourneyDispatcher dispatcher) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => dispatcher.RunAsync(stoppingToken);
}
