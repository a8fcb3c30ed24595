using System.Globalization;
using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;

namespace CustomerJourney.Tests.Analytics;

/// <summary>
/// Deterministic synthetic journeys for tests and benchmarks: each customer touches touchpoints expected in their
/// current stage, a few hours to days apart, tracked through an in-memory <see cref="JourneyTracker"/> on a template.
/// Also compiled into the benchmarks project (linked source), so it depends on the library only.
/// </summary>
internal static class JourneyData
{
    /// <summary>When generated journeys start (the earliest one).</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>"Now" for generated journeys: after every generated touch.</summary>
    public static readonly DateTimeOffset Now = Start.AddDays(400);

    private static readonly string?[] Segments = ["vip", "new", null];

    /// <summary>Tracks <paramref name="customers"/> generated customers on <paramref name="definition"/> (five-stage by default).</summary>
    public static JourneyTracker Track(int customers, int seed, JourneyDefinition? definition = null, int maxTouches = 8)
    {
        definition ??= JourneyTemplates.FiveStage;
        var engine = JourneyEngine.Compile(definition);
        var tracker = new JourneyTracker(engine, options: new JourneyTrackerOptions { Shards = 64 }, timeProvider: new FixedTime(Now));
        var byStage = definition.Stages.ToDictionary(
            s => s.Id,
            s => definition.Touchpoints.Where(t => t.ExpectedStages.Contains(s.Id)).ToArray(),
            StringComparer.Ordinal);
        var random = new Random(seed);
        for (var c = 0; c < customers; c++)
        {
            var customer = "c" + c.ToString(CultureInfo.InvariantCulture);
            var segment = Segments[random.Next(Segments.Length)];
            var at = Start.AddMinutes(random.Next(0, 180 * 24 * 60));
            var stage = definition.StartStage;
            var touches = random.Next(1, maxTouches + 1);
            for (var i = 0; i < touches; i++)
            {
                var candidates = byStage[stage];
                if (candidates.Length == 0)
                {
                    break;
                }

                var touchpoint = candidates[random.Next(candidates.Length)];
                decimal? value = touchpoint.Channel is "store" or "web-shop" or "affiliate" ? random.Next(20, 200) : null;
                var result = tracker.Track(new TouchpointEvent("e" + i.ToString(CultureInfo.InvariantCulture), customer, touchpoint.Id, at)
                {
                    Value = value,
                    Segment = segment,
                });
                stage = result.To ?? stage;
                at = at.AddMinutes(random.Next(60, 7 * 24 * 60));
            }
        }

        return tracker;
    }

    /// <summary>The journeys of <see cref="Track"/>.</summary>
    public static IReadOnlyList<Journey> Journeys(int customers, int seed, JourneyDefinition? definition = null) =>
        Track(customers, seed, definition).GetJourneys();

    /// <summary>A clock that stands still.</summary>
    public sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        /// <inheritdoc />
        public override DateTimeOffset GetUtcNow() => now;
    }
}
