using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CustomerJourney.Acting;
using CustomerJourney.Diagnostics;
using CustomerJourney.Hosting;

namespace CustomerJourney.Tests.Acting;

/// <summary>The dispatcher's counters on the library's meter.</summary>
public sealed class DispatchMetricsTests
{
    [Fact]
    public async Task Deliveries_AreCountedDelivered_Failed_AndParked_ByHandler()
    {
        var handler = $"h-{Guid.NewGuid():N}"; // tests run in parallel on one meter: count only this test's handlers
        var measured = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == JourneyTelemetry.Name && instrument.Name.StartsWith("customerjourney.deliveries.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "handler" && tag.Value is string name && name.StartsWith(handler, StringComparison.Ordinal))
                {
                    measured.AddOrUpdate($"{instrument.Name} {name}", value, (_, v) => v + value);
                }
            }
        });
        listener.Start();

        await using var host = new ActingHost(j => j.UseInMemoryStore(), j =>
        {
            j.OnTransition(null, null, (JourneyTransition t) => { }, name: handler + "-ok");
            j.OnTransition(null, null, void (JourneyTransition t) => throw new TimeoutException("no answer"), name: handler + "-bad");
        }, o => o.MaxAttempts = 2);
        await host.TrackAsync("e1", "ann", "search-ad", TimeSpan.Zero);
        await host.TrackAsync("e2", "bob", "search-ad", TimeSpan.Zero);
        await host.RunOnceAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        await host.RunOnceAsync();

        Assert.Equal(2, measured.GetValueOrDefault($"customerjourney.deliveries.delivered {handler}-ok"));
        Assert.Equal(4, measured.GetValueOrDefault($"customerjourney.deliveries.failed {handler}-bad"));
        Assert.Equal(2, measured.GetValueOrDefault($"customerjourney.deliveries.parked {handler}-bad"));
        Assert.False(measured.ContainsKey($"customerjourney.deliveries.delivered {handler}-bad"));
    }
}
