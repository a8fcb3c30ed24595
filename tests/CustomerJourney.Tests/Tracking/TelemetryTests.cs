using System.Diagnostics.Metrics;
using CustomerJourney.Definitions;
using CustomerJourney.Diagnostics;
using CustomerJourney.Engine;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Tracking;

public sealed class TelemetryTests
{
    [Fact]
    public void Track_WithAListener_CountsEventsByOutcomeAndTransitionsByStagePair()
    {
        // a definition of its own, so that measurements of other tests running in parallel cannot be counted here
        var definitionName = $"telemetry-{Guid.NewGuid():N}";
        var engine = JourneyEngine.Compile(JourneyJson.Parse(JourneyJson.Serialize(JourneyTemplates.FiveStage).Replace("\"five-stage\"", $"\"{definitionName}\"", StringComparison.Ordinal)));
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == JourneyTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        var tracker = new JourneyTracker(engine, timeProvider: Clock());
        var customer = $"telemetry-{Guid.NewGuid():N}";

        tracker.Track(new TouchpointEvent("1", customer, "search-ad", Now.AddDays(-3)));
        tracker.Track(new TouchpointEvent("2", customer, "web-shop-checkout", Now.AddDays(-2)));
        tracker.Track(new TouchpointEvent("2", customer, "web-shop-checkout", Now.AddDays(-2)));
        tracker.Track(new TouchpointEvent("3", customer, "no-such-touchpoint", Now.AddDays(-1)));

        lock (measurements)
        {
            var events = measurements.Where(m => m.Instrument == "customerjourney.events" && (string?)m.Tags["journey"] == definitionName).ToList();
            Assert.Equal(2, events.Count(m => (string?)m.Tags["outcome"] == "advanced"));
            Assert.Equal(1, events.Count(m => (string?)m.Tags["outcome"] == "duplicate"));
            Assert.Equal(1, events.Count(m => (string?)m.Tags["outcome"] == "rejected"));
            Assert.Contains(measurements, m => m.Instrument == "customerjourney.transitions" && (string?)m.Tags["from"] == "awareness" && (string?)m.Tags["to"] == "consideration");
            Assert.Contains(measurements, m => m.Instrument == "customerjourney.stage.duration" && (string?)m.Tags["stage"] == "consideration" && m.Value == TimeSpan.FromDays(1).TotalSeconds);
        }

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, copy));
            }
        }
    }
}
