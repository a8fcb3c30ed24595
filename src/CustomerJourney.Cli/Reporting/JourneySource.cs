using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;

namespace CustomerJourney.Cli.Reporting;

/// <summary>
/// Turns stored or file events into journeys as of a time: the events go through an in-memory
/// <see cref="JourneyTracker"/> (validation, time-ordered folding) and inactivity rules are applied up to that time.
/// </summary>
internal static class JourneySource
{
    /// <summary>The journeys of every customer <paramref name="store"/> holds on the engine's definition.</summary>
    /// <param name="store">The store.</param>
    /// <param name="engine">The compiled definition.</param>
    /// <param name="asOf">Apply inactivity up to this time; the latest event's time when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<Loaded> FromStoreAsync(IJourneyStore store, JourneyEngine engine, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = new List<StoredJourney>();
        await foreach (var journey in store.ReadAllAsync(engine.Definition.Name, cancellationToken).ConfigureAwait(false))
        {
            stored.Add(journey);
        }

        return FromEvents(stored.Select(s => (IReadOnlyList<TouchpointEvent>)s.Events), engine, asOf);
    }

    /// <summary>The journeys of the given events, grouped per customer or not.</summary>
    /// <param name="events">The events, in groups (any grouping; one group per customer is cheapest).</param>
    /// <param name="engine">The compiled definition.</param>
    /// <param name="asOf">Apply inactivity up to this time; the latest event's time when <see langword="null"/>.</param>
    public static Loaded FromEvents(IEnumerable<IReadOnlyList<TouchpointEvent>> events, JourneyEngine engine, DateTimeOffset? asOf)
    {
        var groups = events.ToArray();
        var now = Commands.AnalysisClock.Clamp(asOf ?? (groups.Any(g => g.Count > 0) ? groups.Where(g => g.Count > 0).Max(g => g.Max(e => e.OccurredAt)) : DateTimeOffset.UnixEpoch));
        var tracker = new JourneyTracker(engine, timeProvider: new FixedTime(now));
        var rejected = 0;
        foreach (var group in groups)
        {
            foreach (var e in group)
            {
                rejected += tracker.Track(e).Outcome == TrackOutcome.Rejected ? 1 : 0;
            }
        }

        tracker.Advance(now);
        var journeys = tracker.GetJourneys().OrderBy(j => j.CustomerId, StringComparer.Ordinal).ToArray();
        return new Loaded(journeys, now, rejected);
    }

    /// <summary>Loaded journeys.</summary>
    /// <param name="Journeys">The journeys, by customer id.</param>
    /// <param name="AsOf">The time inactivity was applied up to.</param>
    /// <param name="Rejected">Events the tracker rejected.</param>
    internal sealed record Loaded(IReadOnlyList<Journey> Journeys, DateTimeOffset AsOf, int Rejected);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
