using CustomerJourney.Analytics;
using CustomerJourney.Engine;
using CustomerJourney.Tests.Generators;
using CustomerJourney.Tracking;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Analytics;

/// <summary>The laws of the journey analytics, over generated definitions and event streams.</summary>
public sealed class AnalyticsPropertyTests
{
    private static Arbitrary<(JourneyRun Run, int Seed)> RunsWithSeed() =>
        (from run in DefinitionGenerators.Runs
         from seed in Gen.Choose(0, int.MaxValue - 1)
         select (run, seed)).ToArbitrary();

    private static IReadOnlyList<Journey> Journeys(JourneyRun run)
    {
        var engine = JourneyEngine.Compile(run.Journey.Definition, run.Journey.Guards);
        var tracker = new JourneyTracker(engine, timeProvider: Clock());
        foreach (var e in Events(run.Touches))
        {
            tracker.Track(e);
        }

        return tracker.GetJourneys();
    }

    [Property(MaxTest = 200)]
    public Property FunnelCounts_NeverIncreaseAlongALinearFunnel() =>
        Prop.ForAll(RunsWithSeed(), x =>
        {
            var journeys = Journeys(x.Run);
            var stages = x.Run.Journey.Definition.Stages.Select(s => s.Id).ToArray();
            new Random(x.Seed).Shuffle(stages);
            var take = 1 + (x.Seed % stages.Length);
            var window = x.Seed % 3 == 0 ? TimeSpan.FromDays(x.Seed % 40) : (TimeSpan?)null;
            var report = FunnelAnalysis.Compute(journeys, stages.Take(take).ToArray(), new FunnelOptions { Window = window });

            Assert.True(report.Steps[0].Customers <= report.Journeys);
            for (var i = 1; i < report.Steps.Count; i++)
            {
                Assert.True(report.Steps[i].Customers <= report.Steps[i - 1].Customers, $"step {i}: {report.Steps[i].Customers} > {report.Steps[i - 1].Customers}");
            }

            foreach (var pass in report.Passes)
            {
                for (var i = 1; i < pass.Customers.Count; i++)
                {
                    Assert.True(pass.Customers[i] <= pass.Customers[i - 1]);
                }
            }
        });

    [Property(MaxTest = 300)]
    public Property KaplanMeierMedian_EqualsThePlainMedian_WhenNobodyIsCensored() =>
        Prop.ForAll(Gen.NonEmptyListOf(Gen.Choose(0, 10_000)).ToArbitrary(), seconds =>
        {
            var durations = seconds.Select(s => TimeSpan.FromSeconds(s)).ToArray();
            var curve = KaplanMeier.Estimate(durations.Select(d => new SurvivalObservation { Duration = d, Observed = true }));
            var sorted = durations.Order().ToArray();
            var n = sorted.Length;
            var median = n % 2 == 1 ? sorted[n / 2] : TimeSpan.FromTicks((sorted[(n / 2) - 1].Ticks + sorted[n / 2].Ticks) / 2);

            Assert.Equal(median, curve.Median);
            Assert.Equal(durations.Average(d => d.TotalSeconds), curve.Mean.TotalSeconds, 4);
        });

    [Property(MaxTest = 200)]
    public Property NextStageProbabilities_OfEachStage_SumToOne() =>
        Prop.ForAll(RunsWithSeed(), x =>
        {
            var model = TransitionModel.Fit(Journeys(x.Run));
            foreach (var stage in model.Stages)
            {
                var next = model.NextStageProbabilities(stage);
                if (next.Count > 0)
                {
                    Assert.Equal(1.0, next.Values.Sum(), 9);
                }

                var goal = model.GoalProbability(stage);
                Assert.InRange(goal, 0, 1);
            }
        });

    [Property(MaxTest = 100)]
    public Property Analytics_NeverChangeJourneys() =>
        Prop.ForAll(RunsWithSeed(), x =>
        {
            var journeys = Journeys(x.Run);
            var before = journeys.Select(j => (View(j), j.Version)).ToArray();
            var definition = x.Run.Journey.Definition;

            FunnelAnalysis.Compute(journeys, definition);
            TimeAnalysis.Compute(journeys, Now);
            PathAnalysis.Compute(journeys, new PathOptions { CollapseRepeats = x.Seed % 2 == 0 });
            TransitionModel.Fit(journeys).Predict(journeys.Count > 0 ? journeys[0].Stage : definition.StartStage);
            TouchpointKpiAnalysis.Compute(journeys, definition);
            SegmentBreakdown.By(journeys, g => FunnelAnalysis.Compute(g, definition));

            Assert.Equal(before, journeys.Select(j => (View(j), j.Version)).ToArray());
        });
}
