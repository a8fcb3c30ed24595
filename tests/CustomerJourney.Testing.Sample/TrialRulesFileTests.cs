using CustomerJourney.Definitions;
using CustomerJourney.Definitions.Rules;
using CustomerJourney.Testing;

namespace CustomerJourney.Testing.Sample;

public sealed class TrialRulesFileTests
{
    private static readonly JourneyDefinition Trial = JourneyJson.Load("trial.json");

    [Fact]
    public void ASalesCallAfterALapse_BreaksTheWebOnlyRule()
    {
        var result = new StageRuleChecker(Trial).Check(Trial.Rules[1]);

        Assert.Equal(RuleVerdict.Violated, result.Verdict);
        Assert.Equal(["signup", "sales-call"], result.Counterexample!.GetTouchpoints());
        Assert.Equal("start visitor: signup → trial, (inactive 30d) → dormant, sales-call → customer", result.Counterexample.ToString().Split(" — ")[0]);
    }

    [Fact]
    public void TheCounterexample_ReplayedThroughTheTracker_BreaksTheRuleForReal()
    {
        var counterexample = new StageRuleChecker(Trial).Check(Trial.Rules[1]).Counterexample!;
        var harness = new JourneyHarness(Trial);

        harness.Replay(counterexample, "c1");

        Assert.Equal("customers sign up on the web", Assert.Single(harness.FindBreaches(Trial.Rules[1])).Rule.Describe());
    }
}
