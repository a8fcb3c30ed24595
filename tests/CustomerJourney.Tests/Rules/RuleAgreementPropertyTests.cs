using CustomerJourney.Definitions.Rules;
using CustomerJourney.Testing;
using CustomerJourney.Tests.Generators;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerJourney.Tests.Rules;

/// <summary>
/// The exact checker and sampling agree on generated definitions (with guards, super-stages and inactivity rules) and generated rules:
/// sampling never finds a violation the checker missed, and every certain counterexample, replayed through the tracker, breaks the rule.
/// </summary>
public sealed class RuleAgreementPropertyTests
{
    private static Arbitrary<(GeneratedJourney Journey, StageRule Rule, ulong Seed)> Cases() =>
        (from journey in DefinitionGenerators.Journeys
         from rule in JourneyGenerators.Rules(journey.Definition)
         from seed in Gen.Choose(0, int.MaxValue - 1)
         select (journey, rule, (ulong)seed)).ToArbitrary();

    [Property(MaxTest = 150)]
    public Property Sampling_NeverFindsAViolationTheCheckerMissed() =>
        Prop.ForAll(Cases(), x =>
        {
            var result = new StageRuleChecker(x.Journey.Definition).Check(x.Rule);
            var breach = JourneyRules.Sample(x.Journey.Definition, x.Rule, x.Journey.Guards, StreamOptions.Everything with { Customers = 2 }, samples: 25, x.Seed);

            Assert.True(breach is null || !result.Holds, $"the checker says {result}, sampling found {breach}");
        });

    [Property(MaxTest = 200)]
    public Property EveryCertainCounterexample_ReplayedThroughTheTracker_BreaksTheRule() =>
        Prop.ForAll(Cases(), x =>
        {
            var result = new StageRuleChecker(x.Journey.Definition).Check(x.Rule);
            if (result.Verdict != RuleVerdict.Violated)
            {
                return;
            }

            var harness = new JourneyHarness(x.Journey.Definition, x.Journey.Guards);
            harness.Replay(result.Counterexample!, "replayed");

            Assert.True(harness.FindBreaches(x.Rule).Any(b => b.CustomerId == "replayed"), $"{result}; replayed stages: {string.Join(" → ", harness.Path("replayed"))}");
        });

    [Property(MaxTest = 100)]
    public Property Counterexamples_AreShortest_NoShorterPrefixBreaksTheRule() =>
        Prop.ForAll(Cases(), x =>
        {
            var result = new StageRuleChecker(x.Journey.Definition).Check(x.Rule);
            if (result.Verdict != RuleVerdict.Violated || result.Counterexample!.LoopStart is not null)
            {
                return;
            }

            var steps = result.Counterexample.Steps;
            var shorter = result.Counterexample with { Steps = steps.Take(steps.Count - 1).ToArray() };
            var harness = new JourneyHarness(x.Journey.Definition, x.Journey.Guards);
            harness.Replay(shorter, "prefix");

            Assert.DoesNotContain(harness.FindBreaches(x.Rule), b => b.CustomerId == "prefix");
        });

    [Property(MaxTest = 100)]
    public Property CountViolations_EqualsTheJourneysFindViolationFlags_RuleByRule() =>
        Prop.ForAll(
            (from journey in DefinitionGenerators.Journeys
             from first in JourneyGenerators.Rules(journey.Definition)
             from second in JourneyGenerators.Rules(journey.Definition)
             from stream in JourneyGenerators.Streams(journey.Definition, StreamOptions.Everything with { Customers = 4 }, journey.Guards)
             select (journey, Rules: new[] { first, second }, stream)).ToArbitrary(),
            x =>
            {
                var harness = new JourneyHarness(x.journey.Definition, x.journey.Guards);
                harness.Run(x.stream);

                var counts = new StageRuleChecker(x.journey.Definition).CountViolations(harness.Tracker.GetJourneys(), x.Rules);

                Assert.Equal(x.Rules.Select(r => (long)harness.FindBreaches(r).Count), counts);
            });
}
