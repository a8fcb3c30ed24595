using CustomerJourney.Definitions;
using CustomerJourney.Definitions.Rules;
using CustomerJourney.Templates;
using CustomerJourney.Testing;
using FsCheck;

namespace CustomerJourney.Tests.Rules;

/// <summary>
/// For every built-in template: rules that hold, proved exactly and confirmed by FsCheck on generated streams; and one rule that fails,
/// with its exact shortest counterexample, confirmed by replaying it through the tracker and by sampling.
/// </summary>
public sealed class TemplateRuleTests
{
    public sealed record Case(string Template, StageRule[] Holding, StageRule Failing, string Counterexample)
    {
        public override string ToString() => Template;
    }

    public static TheoryData<string> Templates => [.. JourneyTemplates.Names];

    private static readonly Case[] All =
    [
        new Case(
            JourneyTemplates.FiveStageName,
            [
                StageRule.GoalReachable(),
                StageRule.LeadsToGoal("purchase"),
                StageRule.NeverBefore("post-purchase", "purchase"),
                StageRule.NeverBefore("advocacy", "post-purchase"),
                StageRule.NeverBefore("advocacy", "purchase") with { Name = "advocates have bought" },
            ],
            StageRule.NeverBefore("purchase", "consideration"),
            "start awareness: store-purchase → purchase — enters 'purchase' through 'store-purchase' (channel 'store') without having been in 'consideration'"),
        new Case(
            JourneyTemplates.LifecycleName,
            [
                StageRule.LeadsToGoal("awareness"),
                StageRule.NeverBefore("onboarding", "acquisition"),
                StageRule.NeverBefore("advocacy", "engagement"),
                StageRule.EnteredOnlyVia("acquisition", "web-shop"),
                StageRule.EnteredOnlyVia("onboarding", "email"),
                StageRule.AtMostPasses("onboarding", 1),
            ],
            StageRule.GoalReachable(),
            "start awareness: web-shop-purchase → acquisition, onboarding-email → onboarding — enters 'onboarding', from which no goal can be reached"),
        new Case(
            JourneyTemplates.DecisionPathName,
            [
                StageRule.GoalReachable(),
                StageRule.LeadsToGoal("purchase"),
                StageRule.NeverBefore("usage-experience", "purchase"),
                StageRule.NeverBefore("repeat-and-recommendation", "usage-experience"),
                StageRule.AtMostPasses("need-formation", 1),
            ],
            StageRule.LapseLeadsToWinBack("win-back-email"),
            "start need-formation: contextual-search-ad → options-evaluation, (inactive 90d) → lapsed, store-purchase → purchase — after lapsing into 'lapsed', enters 'purchase' through 'store-purchase' (channel 'store') instead of where 'win-back-email' leads"),
        new Case(
            JourneyTemplates.IntentPathName,
            [
                StageRule.GoalReachable(),
                StageRule.LeadsToGoal("conversion"),
                StageRule.NeverBefore("post-purchase", "conversion"),
                StageRule.AtMostPasses("connection", 1),
                StageRule.EnteredOnlyVia("support", "email"),
            ],
            StageRule.LeadsToGoal("post-purchase"),
            "start connection: web-shop-checkout → conversion, after-sales-offer → after-sales, loop { complaint → support, support-resolution → after-sales } repeats — after 'post-purchase', the stages from step 3 on can repeat forever without reaching a goal"),
    ];

    [Theory]
    [MemberData(nameof(Templates))]
    public void HoldingRules_AreProvedExactly(string template)
    {
        var c = All.Single(x => x.Template == template);
        var results = new StageRuleChecker(JourneyTemplates.Get(c.Template)).CheckAll(c.Holding);

        Assert.All(results, r => Assert.True(r.Holds, r.ToString()));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void HoldingRules_AreConfirmedByFsCheckOnGeneratedStreams(string template)
    {
        var c = All.Single(x => x.Template == template);
        var definition = JourneyTemplates.Get(c.Template);
        var property = JourneyProperties.KeepsRules(definition, c.Holding, options: StreamOptions.Everything with { Customers = 2 });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true), property);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void FailingRule_HasItsShortestCounterexample(string template)
    {
        var c = All.Single(x => x.Template == template);
        var result = new StageRuleChecker(JourneyTemplates.Get(c.Template)).Check(c.Failing);

        Assert.Equal(RuleVerdict.Violated, result.Verdict);
        Assert.Equal(c.Counterexample, result.Counterexample!.ToString());
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void FailingRule_ReplayedThroughTheTracker_IsBroken(string template)
    {
        var c = All.Single(x => x.Template == template);
        var definition = JourneyTemplates.Get(c.Template);
        var counterexample = new StageRuleChecker(definition).Check(c.Failing).Counterexample!;
        var harness = new JourneyHarness(definition);

        harness.Replay(counterexample, "replayed");

        var breach = Assert.Single(harness.FindBreaches(c.Failing));
        Assert.Equal("replayed", breach.CustomerId);
        Assert.Equal(counterexample.Steps[^1].Stage, breach.Visits[^1].Stage);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void FailingRule_IsFoundByFsCheckOnGeneratedStreams(string template)
    {
        var c = All.Single(x => x.Template == template);
        var definition = JourneyTemplates.Get(c.Template);
        var property = JourneyProperties.KeepsRule(definition, c.Failing);

        var failure = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true), property));

        Assert.Contains(nameof(StageRuleViolationException), failure.ToString(), StringComparison.Ordinal);
        Assert.Contains(c.Failing.Describe(), failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void FailingRule_ShrinksToAStreamAboutAsShortAsTheCounterexample(string template)
    {
        var c = All.Single(x => x.Template == template);
        var definition = JourneyTemplates.Get(c.Template);
        var counterexample = new StageRuleChecker(definition).Check(c.Failing).Counterexample!;
        var property = JourneyProperties.KeepsRule(definition, c.Failing);

        var failure = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true), property));

        var stream = failure.Message[(failure.Message.LastIndexOf("stream: ", StringComparison.Ordinal) + 8)..];
        var events = stream[..stream.IndexOf("; ends", StringComparison.Ordinal)].Split(", ");
        Assert.InRange(events.Length, 1, counterexample.GetTouchpoints().Count + 2);
    }

    [Fact]
    public void Verify_ThrowsWithEveryViolatedRuleAndItsCounterexample()
    {
        var definition = JourneyTemplates.FiveStage;

        var ex = Assert.Throws<StageRuleViolationException>(() => JourneyRules.Verify(definition, [StageRule.GoalReachable(), StageRule.NeverBefore("purchase", "consideration")]));

        Assert.Contains("never 'purchase' before 'consideration'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("store-purchase → purchase", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("goal stays reachable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ReturnsTheVerdictsWhenEveryRuleHolds()
    {
        var results = JourneyRules.Verify(JourneyTemplates.DecisionPath, [StageRule.GoalReachable(), StageRule.NeverBefore("usage-experience", "purchase")]);

        Assert.All(results, r => Assert.Equal(RuleVerdict.Holds, r.Verdict));
    }

    [Fact]
    public void ARuleBrokenByStartingTheJourney_HasAOneTouchCounterexample()
    {
        var result = new StageRuleChecker(JourneyTemplates.FiveStage).Check(StageRule.EnteredOnlyVia("awareness", "pr"));

        Assert.Equal(RuleVerdict.Violated, result.Verdict);
        Assert.Equal("start awareness: pr-article (stays in awareness) — enters 'awareness' as the start stage", result.Counterexample!.ToString());
        var harness = new JourneyHarness(JourneyTemplates.FiveStage);
        harness.Replay(result.Counterexample);
        Assert.Single(harness.FindBreaches(result.Rule));
    }

    [Fact]
    public void Rules_NamingUnknownStages_AreTypedValidationErrors()
    {
        var ex = Assert.Throws<JourneyDefinitionException>(() => new StageRuleChecker(JourneyTemplates.FiveStage).Check(StageRule.NeverBefore("nowhere", "awareness")));

        var failure = Assert.Single(ex.Errors);
        Assert.Equal(DefinitionErrorCodes.InvalidRule, failure.Code);
        Assert.Contains("'nowhere'", failure.Message, StringComparison.Ordinal);
    }
}
