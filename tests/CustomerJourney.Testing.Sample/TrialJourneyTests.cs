using CustomerJourney.Definitions;
using CustomerJourney.Definitions.Rules;
using CustomerJourney.Testing;
using FsCheck;
using FsCheck.Xunit;

namespace CustomerJourney.Testing.Sample;

public sealed class TrialJourneyTests
{
    private static readonly JourneyDefinition Trial = new JourneyBuilder("trial").StartAt("visitor")
        .Stage("visitor", s => s.Permit("signup", "trial").InternalTransition("ad"))
        .Stage("trial", s => s.Permit("upgrade", "customer"))
        .Stage("customer", s => s.Goal().Terminal())
        .Stage("dormant", s => s.Permit("win-back", "trial"))
        .Touchpoint("ad", "search").Touchpoint("signup", "web").Touchpoint("upgrade", "web").Touchpoint("win-back", "email")
        .WhenInactive(TimeSpan.FromDays(30), "dormant", stage: "trial").Build();

    private static readonly StageRule[] Rules =
        [StageRule.NeverBefore("customer", "trial"), StageRule.GoalReachable(), StageRule.EnteredOnlyVia("customer", "web"), StageRule.LapseLeadsToWinBack("win-back")];

    [Fact]
    public void RulesHoldOnEveryPath() => JourneyRules.Verify(Trial, Rules);

    [Property]
    public Property TrackedJourneysKeepTheRules() => JourneyProperties.KeepsRules(Trial, Rules, options: StreamOptions.Everything);

    [Fact]
    public void ADormantTrialComesBackByEmail()
    {
        var harness = new JourneyHarness(Trial);
        harness.Touch("signup");
        harness.Advance(TimeSpan.FromDays(31));
        harness.Touch("win-back");
        Assert.Equal(["visitor", "trial", "dormant", "trial"], harness.Path());
    }
}
