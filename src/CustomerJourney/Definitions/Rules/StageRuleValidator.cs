using FluentValidation.Results;

namespace CustomerJourney.Definitions.Rules;

/// <summary>Checks that stage rules fit their definition: known kinds, existing stages, touchpoints and channels, sensible counts.</summary>
internal static class StageRuleValidator
{
    public const int MaxRules = 256;

    public static List<ValidationFailure> Validate(JourneyDefinition definition, IReadOnlyList<StageRule> rules, int maxRules = MaxRules)
    {
        var failures = new List<ValidationFailure>();
        if (rules.Count > maxRules)
        {
            failures.Add(Failure("rules", $"A definition may state at most {maxRules} rules; this one states {rules.Count}."));
            return failures;
        }

        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var at = $"rules[{i}]";
            if (rule is null)
            {
                failures.Add(Failure(at, "The rule is null."));
                continue;
            }

            if (!Enum.IsDefined(rule.Kind))
            {
                failures.Add(Failure($"{at}.kind", $"'{rule.Kind}' is not a rule kind."));
                continue;
            }

            var needsStage = rule.Kind is not (StageRuleKind.GoalReachable or StageRuleKind.LapseLeadsToWinBack);
            if (needsStage)
            {
                Stage(definition, rule.Stage, $"{at}.stage", rule, failures);
            }

            switch (rule.Kind)
            {
                case StageRuleKind.NeverBefore:
                    Stage(definition, rule.Before, $"{at}.before", rule, failures);
                    break;
                case StageRuleKind.AtMostPasses when rule.Passes is not > 0:
                    failures.Add(Failure($"{at}.passes", $"Rule '{rule.Describe()}' needs 'passes' of 1 or more."));
                    break;
                case StageRuleKind.EnteredOnlyVia when string.IsNullOrWhiteSpace(rule.Channel):
                    failures.Add(Failure($"{at}.channel", $"Rule '{rule.Describe()}' needs a 'channel'."));
                    break;
                case StageRuleKind.EnteredOnlyVia when !definition.Touchpoints.Any(t => string.Equals(t.Channel, rule.Channel, StringComparison.Ordinal)):
                    failures.Add(Failure($"{at}.channel", $"Rule '{rule.Describe()}' names channel '{rule.Channel}', which no touchpoint of '{definition.Name}' uses."));
                    break;
                case StageRuleKind.LapseLeadsToWinBack when rule.Touchpoint is null || !definition.TryGetTouchpoint(rule.Touchpoint, out _):
                    failures.Add(Failure($"{at}.touchpoint", $"Rule '{rule.Describe()}' names touchpoint '{rule.Touchpoint}', which '{definition.Name}' does not have."));
                    break;
            }
        }

        return failures;
    }

    public static void ThrowIfInvalid(JourneyDefinition definition, IReadOnlyList<StageRule> rules, int maxRules = MaxRules)
    {
        var failures = Validate(definition, rules, maxRules);
        if (failures.Count > 0)
        {
            throw new JourneyDefinitionException(definition.Name, failures.Select(JourneyDefinitionValidator.ToError));
        }
    }

    private static void Stage(JourneyDefinition definition, string? stage, string at, StageRule rule, List<ValidationFailure> failures)
    {
        if (stage is null || !definition.TryGetStage(stage, out _))
        {
            failures.Add(Failure(at, $"Rule '{rule.Describe()}' names stage '{stage}', which '{definition.Name}' does not have."));
        }
    }

    private static ValidationFailure Failure(string property, string message) =>
        new(property, message) { ErrorCode = DefinitionErrorCodes.InvalidRule };
}
