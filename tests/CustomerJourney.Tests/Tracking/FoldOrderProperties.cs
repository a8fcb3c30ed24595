using CustomerJourney.Tests.Generators;
using CustomerJourney.Tracking;
using FsCheck;
using FsCheck.Fluent;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Tracking;

/// <summary>
/// <see cref="JourneyFolder.Fold"/> folds events already in time order without sorting them (what the stores hand it);
/// the journey must be the one the sort gives, whatever order the events come in, with repeated ids and equal times.
/// </summary>
public sealed class FoldOrderProperties
{
    [Fact]
    public void AFold_DoesNotDependOnOrder_NorOnWhetherTheEventsComeAsAListOrASequence()
    {
        var runs = (from run in DefinitionGenerators.Runs
                    from seed in Gen.Choose(0, int.MaxValue - 1)
                    select (run, seed)).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(runs, input =>
        {
            var (run, seed) = input;
            var engine = Compile(run.Journey);
            var random = new Random(seed);
            var events = Events(run.Touches).ToList();
            // ties: some events share their neighbour's time, and some ids repeat (a re-send of the same event)
            for (var i = 1; i < events.Count; i++)
            {
                if (random.Next(4) == 0)
                {
                    events[i] = events[i] with { OccurredAt = events[i - 1].OccurredAt };
                }
            }

            if (events.Count > 0)
            {
                events.Add(events[random.Next(events.Count)]);
            }

            var customer = events.Count == 0 ? "c" : events[0].CustomerId;
            var sorted = events.OrderBy(e => e.OccurredAt.UtcTicks).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
            var reference = View(JourneyFolder.Fold(engine, customer, sorted.Select(e => e))); // a sequence: always sorted first
            Assert.Equal(reference, View(JourneyFolder.Fold(engine, customer, sorted))); // a list in order: folded as it is
            Assert.Equal(reference, View(JourneyFolder.Fold(engine, customer, Shuffle(events, seed).ToList()))); // a list out of order
            Assert.Equal(reference, View(JourneyFolder.Fold(engine, customer, events.AsEnumerable().Reverse().ToArray())));
        }));
    }
}
