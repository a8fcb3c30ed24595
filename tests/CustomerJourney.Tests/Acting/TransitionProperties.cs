using CustomerJourney.Acting;
using CustomerJourney.Storage;
using CustomerJourney.Tests.Generators;
using CustomerJourney.Tracking;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Acting;

/// <summary>
/// What handlers receive is each change of the customer's current stage as tracking one event at a time shows it:
/// generated definitions (with inactivity rules) and kit-generated streams (late, duplicate and unknown events, several
/// customers, inactivity gaps) are tracked one by one by the in-memory tracker, whose current visit is watched through
/// the public API, and by a store-backed tracker; the transitions replayed from the store's change feed must be the same.
/// </summary>
public sealed class TransitionProperties
{
    [Property(MaxTest = 300)]
    public Property DeliveredChanges_EqualCurrentStageChangesSeenTrackingOneByOne() =>
        Prop.ForAll(DefinitionGenerators.StreamRuns.ToArbitrary(), run =>
        {
            var engine = Compile(run.Journey);
            var tracker = new JourneyTracker(engine, null, Clock());
            using var store = new InMemoryJourneyStore();
            var stored = new StoreBackedJourneyTracker(engine, store, null, Clock());
            var seen = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var e in run.Stream.Events)
            {
                var before = Visit(tracker.GetJourney(e.CustomerId));
                var result = tracker.Track(e);
                Assert.Equal(result, stored.TrackAsync(e, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult());
                var after = Visit(tracker.GetJourney(e.CustomerId));
                if (after is not null && before != after)
                {
                    List(seen, e.CustomerId).Add($"{before?.Stage ?? "(new)"}->{after.Value.Stage} {after.Value.Cause}");
                }
            }

            var delivered = Delivered(engine, store);
            Assert.Equal(Text(seen), Text(delivered));
        });

    /// <summary>The transitions of every journey in the store, replayed from the change feed in position order.</summary>
    internal static Dictionary<string, List<string>> Delivered(Engine.JourneyEngine engine, IJourneyStore store)
    {
        var delivered = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var replays = new Dictionary<JourneyKey, JourneyReplay>();
        foreach (var e in store.ReadSinceAsync(0, 100_000).AsTask().GetAwaiter().GetResult())
        {
            if (!replays.TryGetValue(e.Key, out var replay))
            {
                replays[e.Key] = replay = new JourneyReplay(engine, e.Key);
            }

            if (replay.Apply(e) is { } t)
            {
                Assert.Equal(e.Position, t.Position);
                List(delivered, e.Key.CustomerId).Add($"{t.From ?? "(new)"}->{t.To} {(t.Cause == TransitionCause.Inactivity ? VisitCause.Inactivity : VisitCause.Touch)}");
            }
        }

        return delivered;
    }

    private static (string Stage, long Entered, VisitCause Cause)? Visit(Journey? journey)
    {
        if (journey is null || journey.Visits.Count == 0)
        {
            return null;
        }

        var v = journey.Visits[^1];
        // the start visit and a touch visit are both entered by a touch (a late event can turn one into the other, at the same time and stage: the same visit)
        return (v.Stage, v.EnteredAt.UtcTicks, v.Cause == VisitCause.Start ? VisitCause.Touch : v.Cause);
    }

    private static List<string> List(Dictionary<string, List<string>> map, string customer)
    {
        if (!map.TryGetValue(customer, out var list))
        {
            map[customer] = list = [];
        }

        return list;
    }

    private static string Text(Dictionary<string, List<string>> map) =>
        string.Join(Environment.NewLine, map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {string.Join(", ", p.Value)}"));
}
