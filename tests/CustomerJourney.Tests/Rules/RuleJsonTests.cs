using CustomerJourney.Definitions;
using CustomerJourney.Definitions.Rules;
using CustomerJourney.Templates;

namespace CustomerJourney.Tests.Rules;

/// <summary>The definition JSON's optional <c>rules</c> section.</summary>
public sealed class RuleJsonTests
{
    private static string WithRules(string rules)
    {
        var json = JourneyJson.Serialize(JourneyTemplates.FiveStage.WithRules([]));
        return json[..json.LastIndexOf('}')] + $", \"rules\": {rules} }}";
    }

    [Fact]
    public void RulesSection_IsReadIntoTheDefinition()
    {
        var definition = JourneyJson.Parse(WithRules("""
            [
              {"kind": "neverBefore", "stage": "purchase", "before": "consideration", "name": "buyers compared first"},
              {"kind": "leadsToGoal", "stage": "consideration"},
              {"kind": "goalReachable"},
              {"kind": "atMostPasses", "stage": "purchase", "passes": 3},
              {"kind": "enteredOnlyVia", "stage": "advocacy", "channel": "email"},
              {"kind": "lapseLeadsToWinBack", "touchpoint": "win-back-email"}
            ]
            """));

        Assert.Equal(
            [
                StageRule.NeverBefore("purchase", "consideration") with { Name = "buyers compared first" },
                StageRule.LeadsToGoal("consideration"),
                StageRule.GoalReachable(),
                StageRule.AtMostPasses("purchase", 3),
                StageRule.EnteredOnlyVia("advocacy", "email"),
                StageRule.LapseLeadsToWinBack("win-back-email"),
            ],
            definition.Rules);
    }

    [Fact]
    public void Rules_RoundTripThroughJson()
    {
        var definition = JourneyTemplates.Lifecycle.WithRules([StageRule.GoalReachable(), StageRule.AtMostPasses("onboarding", 1)]);

        var again = JourneyJson.Parse(JourneyJson.Serialize(definition));

        Assert.Equal(definition, again);
        Assert.Equal(definition.Rules, again.Rules);
        Assert.NotEqual(JourneyTemplates.Lifecycle.WithRules([]), again);
    }

    [Fact]
    public void DefinitionsWithoutRules_SerializeWithoutARulesSection()
    {
        Assert.DoesNotContain("\"rules\"", JourneyJson.Serialize(JourneyTemplates.FiveStage.WithRules([])), StringComparison.Ordinal);
        Assert.Contains("\"rules\"", JourneyJson.Serialize(JourneyTemplates.FiveStage), StringComparison.Ordinal);
    }

    [Fact]
    public void RulesNamingMissingParts_AreListedAsValidationErrors()
    {
        var ex = Assert.Throws<JourneyDefinitionException>(() => JourneyJson.Parse(WithRules("""
            [
              {"kind": "neverBefore", "stage": "purchase", "before": "nowhere"},
              {"kind": "atMostPasses", "stage": "purchase", "passes": 0},
              {"kind": "enteredOnlyVia", "stage": "advocacy", "channel": "carrier-pigeon"},
              {"kind": "lapseLeadsToWinBack", "touchpoint": "no-such-touchpoint"}
            ]
            """)));

        Assert.Equal(["rules[0].before", "rules[1].passes", "rules[2].channel", "rules[3].touchpoint"], ex.Errors.Select(e => e.Path));
        Assert.All(ex.Errors, e => Assert.Equal(DefinitionErrorCodes.InvalidRule, e.Code));
    }

    [Theory]
    [InlineData("""[{"kind": "sometimes", "stage": "purchase"}]""")]
    [InlineData("""[{"stage": "purchase"}]""")]
    [InlineData("""[{"kind": "goalReachable", "colour": "red"}]""")]
    public void MalformedRules_AreFormatErrors(string rules)
    {
        var ex = Assert.Throws<JourneyDefinitionFormatException>(() => JourneyJson.Parse(WithRules(rules)));

        Assert.Contains("rules", ex.Message, StringComparison.Ordinal);
    }
}
