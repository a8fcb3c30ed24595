using CustomerJourney.Cli;
using CustomerJourney.Definitions;
using CustomerJourney.Definitions.Rules;
using CustomerJourney.Templates;

namespace CustomerJourney.Tests.Rules;

/// <summary><c>journey validate</c> on a definition with a <c>rules</c> section.</summary>
public sealed class ValidateRulesCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-rules-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (int Code, string Output, string Error) Validate(JourneyDefinition definition)
    {
        var path = Path.Combine(_directory, "journey.json");
        File.WriteAllText(path, JourneyJson.Serialize(definition));
        var output = new StringWriter();
        var error = new StringWriter();
        var code = JourneyCli.Run(["validate", path], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void ViolatedRule_Exits1WithItsCounterexample_AndListsTheRulesThatHold()
    {
        var definition = JourneyTemplates.FiveStage.WithRules([StageRule.GoalReachable(), StageRule.NeverBefore("purchase", "consideration")]);

        var (code, output, error) = Validate(definition);

        Assert.Equal(JourneyCli.Invalid, code);
        Assert.Contains("rule holds: from every stage a goal stays reachable", output, StringComparison.Ordinal);
        Assert.EndsWith(
            "rule violated: never 'purchase' before 'consideration'; counterexample: start awareness: store-purchase → purchase — enters 'purchase' through 'store-purchase' (channel 'store') without having been in 'consideration'",
            error.TrimEnd(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void HoldingRules_Exit0()
    {
        var definition = JourneyTemplates.Lifecycle.WithRules([StageRule.NeverBefore("onboarding", "acquisition"), StageRule.EnteredOnlyVia("acquisition", "web-shop")]);

        var (code, output, error) = Validate(definition);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Equal(3, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Empty(error);
    }

    [Fact]
    public void GuardDependentViolation_IsReportedForSampling_WithoutFailing()
    {
        var definition = new JourneyBuilder("guarded")
            .StartAt("visitor")
            .Stage("visitor", s => s.Permit("ad", "buyer", guard: "big-spender").Permit("flyer", "lead"))
            .Stage("lead", s => s.Permit("ad", "buyer"))
            .Stage("buyer", s => s.Goal().Terminal())
            .Touchpoint("ad", "search")
            .Touchpoint("flyer", "print")
            .WithGuards(new GuardRegistry().Add("big-spender", c => c.Value > 100))
            .Build()
            .WithRules([StageRule.NeverBefore("buyer", "lead")]);

        var (code, output, _) = Validate(definition);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Contains("rule violated if guards allow (test it with sampling): never 'buyer' before 'lead'; counterexample: start visitor: ad → buyer [guarded]", output, StringComparison.Ordinal);
    }
}
