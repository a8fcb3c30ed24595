using CustomerJourney.Definitions.Rules;
using CustomerJourney.Templates;
using CustomerJourney.Testing;
using CustomerJourney.Tracking;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerJourney.Tests.Rules;

/// <summary>The testing kit's harness and stream generators.</summary>
public sealed class HarnessTests
{
    [Fact]
    public void Harness_RecordsOutcomesAndStageChangesPerEventAndPerLapse()
    {
        var harness = new JourneyHarness(JourneyTemplates.FiveStage);

        harness.Touch("search-ad");
        harness.Touch("blog-post");
        harness.Advance(TimeSpan.FromDays(61));

        Assert.Equal([TrackOutcome.Advanced, TrackOutcome.Stayed], harness.Outcomes.Select(o => o.Outcome));
        Assert.Equal(
            ["(new) → awareness (Start)", "awareness → consideration (Touch 'search-ad')", "consideration → lapsed (Inactivity)"],
            harness.Changes.Select(c => $"{c.From ?? "(new)"} → {c.To} ({c.Cause}{(c.Touchpoint is null ? string.Empty : $" '{c.Touchpoint}'")})"));
        Assert.Equal(["h0", "h0", null], harness.Changes.Select(c => c.EventId));
        Assert.Equal("lapsed", harness.StageOf());
        Assert.Equal(["awareness", "consideration", "lapsed"], harness.Path());
    }

    [Fact]
    public void TestClock_MovesOnlyForward()
    {
        var clock = new TestClock(new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero));

        clock.Advance(TimeSpan.FromHours(2));
        clock.Set(new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2025, 5, 1, 2, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Streams_WithEverything_ContainEveryKindOfEvent()
    {
        var definition = JourneyTemplates.Lifecycle;
        var streams = JourneyGenerators.Streams(definition, StreamOptions.Everything).Sample(numberOfSamples: 200, seed: new Rnd(3), size: 30);
        var events = streams.SelectMany(s => s.Events).ToList();

        Assert.Contains(events, e => e.Touchpoint == JourneyGenerators.UnknownTouchpoint);
        Assert.Contains(events, e => e.Value is not null);
        Assert.Contains(events, e => e.Segment is not null);
        Assert.True(events.Select(e => e.CustomerId).Distinct().Count() == 3);
        Assert.Contains(streams, s => s.Events.GroupBy(e => e.EventId).Any(g => g.Count() > 1));
        Assert.Contains(streams, s => s.Events.Zip(s.Events.Skip(1)).Any(p => p.Second.OccurredAt < p.First.OccurredAt));

        var outcomes = streams.SelectMany(s => new JourneyHarness(definition).Run(s)).Select(r => r.Outcome).ToHashSet();
        Assert.Superset(new HashSet<TrackOutcome> { TrackOutcome.Advanced, TrackOutcome.Stayed, TrackOutcome.Rejected, TrackOutcome.Duplicate }, outcomes);
    }

    [Fact]
    public void Streams_FollowTheDefinition_AndHaveInactivityGaps()
    {
        var definition = JourneyTemplates.FiveStage;
        var streams = JourneyGenerators.Streams(definition).Sample(numberOfSamples: 100, seed: new Rnd(5), size: 30);
        var journeys = streams.Select(s =>
        {
            var harness = new JourneyHarness(definition);
            harness.Run(s);
            return s.Events.Count == 0 ? null : harness.Journey("c0");
        }).OfType<Journey>().ToList();

        // following the definition reaches the goal and the late stages, not only the start
        Assert.Contains(journeys, j => j.GetPasses().ContainsKey("advocacy"));
        Assert.Contains(journeys, j => j.Visits.Any(v => v.Cause == VisitCause.Inactivity));
        Assert.True(journeys.Count(j => j.ConvertedAt is not null) > journeys.Count / 2, "most streams that follow the definition convert");
    }

    [Fact]
    public void Shrinking_RemovesStepsAndSimplifiesThem()
    {
        var definition = JourneyTemplates.FiveStage;
        var arbitrary = JourneyGenerators.StreamArbitrary(definition, StreamOptions.Everything);
        var stream = JourneyGenerators.Build(definition, [new StreamStep { Customer = 2, Pick = 5, Wander = true, Gap = 3, Late = 2, Duplicate = true, Unknown = false, Value = 40, Segment = 1 }, StreamStep.Simplest], StreamOptions.Everything);

        var shrunk = arbitrary.Shrinker(stream).ToList();

        Assert.Contains(shrunk, s => s.Steps.Count == 1);
        Assert.Contains(shrunk, s => s.Steps.Count == 2 && !s.Steps[0].Duplicate);
        Assert.Contains(shrunk, s => s.Steps.Count == 2 && s.Steps[0].Customer == 0);
        Assert.All(shrunk, s => Assert.True(s.Steps.Count < 2 || !s.Steps.SequenceEqual(stream.Steps)));
    }

    [Fact]
    public void Generators_ProduceRulesOfEveryKind()
    {
        var rules = JourneyGenerators.Rules(JourneyTemplates.IntentPath).Sample(numberOfSamples: 300, seed: new Rnd(11), size: 10);

        Assert.Equal(Enum.GetValues<StageRuleKind>().ToHashSet(), rules.Select(r => r.Kind).ToHashSet());
        _ = new StageRuleChecker(JourneyTemplates.IntentPath).CheckAll(rules); // every generated rule is valid for its definition
    }
}
