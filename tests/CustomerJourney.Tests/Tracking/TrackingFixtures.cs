using CustomerJourney.Engine;
using CustomerJourney.Tests.Generators;
using CustomerJourney.Tracking;
using Microsoft.Extensions.Time.Testing;

namespace CustomerJourney.Tests.Tracking;

/// <summary>Helpers shared by the tracking tests: events from generated touches and a comparable view of a journey.</summary>
internal static class TrackingFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Now);

    public static JourneyEngine Compile(GeneratedJourney journey) => JourneyEngine.Compile(journey.Definition, journey.Guards);

    public static IReadOnlyList<TouchpointEvent> Events(IReadOnlyList<TouchEvent> touches) =>
        touches.Select((t, i) => new TouchpointEvent($"e{i:D3}", t.CustomerId, t.Touchpoint, t.OccurredAt) { Value = t.Value, Segment = t.Segment }).ToList();

    public static IReadOnlyList<TouchpointEvent> Sorted(IEnumerable<TouchpointEvent> events) =>
        events.OrderBy(e => e.OccurredAt.UtcTicks).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();

    /// <summary>Everything observable about a journey, as text, so two journeys compare equal exactly when they are the same.</summary>
    public static string View(Journey? journey)
    {
        if (journey is null)
        {
            return "<none>";
        }

        var visits = string.Join(" | ", journey.Visits.Select(v => $"{v.Stage}@{v.EnteredAt.UtcTicks}-{v.LeftAt?.UtcTicks}:{v.Cause}:{v.Touchpoint}:{v.Channel}"));
        var touches = string.Join(" | ", journey.Touches.Select(t => $"{t.EventId}:{t.Touchpoint}:{t.OccurredAt.UtcTicks}:{t.Outcome}:{t.Value}:{t.Segment}"));
        var passes = string.Join(",", journey.GetPasses().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return $"{journey.CustomerId} stage={journey.Stage} v{journey.Version} conv={journey.Conversions}@{journey.ConvertedAt?.UtcTicks} value={journey.TotalValue} seg={journey.Segment}\n visits: {visits}\n touches: {touches}\n passes: {passes}";
    }

    public static IReadOnlyList<T> Shuffle<T>(IReadOnlyList<T> items, int seed)
    {
        var copy = items.ToArray();
        var random = new Random(seed);
        random.Shuffle(copy);
        return copy;
    }
}
