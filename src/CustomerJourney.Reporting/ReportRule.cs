using CustomerJourney.Definitions.Rules;

namespace CustomerJourney.Reporting;

/// <summary>One of the definition's stage rules as the report shows it: the exact verdict on the stage graph and its shortest counterexample.</summary>
public sealed record ReportRule
{
    /// <summary>The rule in words (<see cref="StageRule.Describe"/>).</summary>
    public required string Rule { get; init; }

    /// <summary>What the rule asks.</summary>
    public required StageRuleKind Kind { get; init; }

    /// <summary>Proved to hold, violated, or violated only if guards allow (<see cref="StageRuleChecker"/>).</summary>
    public required RuleVerdict Verdict { get; init; }

    /// <summary>The shortest counterexample in one line, or <see langword="null"/> when the rule holds.</summary>
    public required string? Counterexample { get; init; }

    /// <summary>The counterexample's touchpoints in order (lapses left out); empty when the rule holds.</summary>
    public required IReadOnlyList<string> CounterexampleTouchpoints { get; init; }

    /// <summary>The report's view of a checker result.</summary>
    /// <param name="result">The result of <see cref="StageRuleChecker.Check"/>.</param>
    /// <returns>The rule as the report shows it.</returns>
    public static ReportRule Of(RuleCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ReportRule
        {
            Rule = result.Rule.Describe(),
            Kind = result.Rule.Kind,
            Verdict = result.Verdict,
            Counterexample = result.Counterexample?.ToString(),
            CounterexampleTouchpoints = result.Counterexample?.GetTouchpoints() ?? [],
        };
    }
}
