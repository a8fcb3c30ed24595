using CustomerJourney.Definitions.Rules;

namespace CustomerJourney.Reporting;

/// <summary>One of the definition's stage rules as the report shows it: the exact verdict on the stage graph and its shortest counterexample.</summary>
/// <param name="Rule">The rule in words (<see cref="StageRule.Describe"/>).</param>
/// <param name="Kind">What the rule asks.</param>
/// <param name="Verdict">Proved to hold, violated, or violated only if guards allow (<see cref="StageRuleChecker"/>).</param>
/// <param name="Counterexample">The shortest counterexample in one line, or <see langword="null"/> when the rule holds.</param>
/// <param name="CounterexampleTouchpoints">The counterexample's touchpoints in order (lapses left out); empty when the rule holds.</param>
public sealed record ReportRule(
    string Rule,
    StageRuleKind Kind,
    RuleVerdict Verdict,
    string? Counterexample,
    IReadOnlyList<string> CounterexampleTouchpoints)
{
    /// <summary>The report's view of a checker result.</summary>
    /// <param name="result">The result of <see cref="StageRuleChecker.Check"/>.</param>
    /// <returns>The rule as the report shows it.</returns>
    public static ReportRule Of(RuleCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ReportRule(
            result.Rule.Describe(),
            result.Rule.Kind,
            result.Verdict,
            result.Counterexample?.ToString(),
            result.Counterexample?.GetTouchpoints() ?? []);
    }
}
