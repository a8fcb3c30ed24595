namespace CustomerJourney.Definitions.Rules;

/// <summary>What <see cref="StageRuleChecker"/> decided about one rule.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Verdict">Holds, violated, or violated if the guards allow.</param>
/// <param name="Counterexample">The shortest counterexample when the rule does not hold.</param>
public sealed record RuleCheckResult(StageRule Rule, RuleVerdict Verdict, RuleCounterexample? Counterexample)
{
    /// <summary>Whether the rule holds.</summary>
    public bool Holds => Verdict == RuleVerdict.Holds;

    /// <summary>Whether the verdict needs confirming by sampling (it depends on what guards decide).</summary>
    public bool NeedsSampling => Verdict == RuleVerdict.ViolatedIfGuardsAllow;

    /// <inheritdoc />
    public override string ToString() => Verdict switch
    {
        RuleVerdict.Holds => $"holds: {Rule.Describe()}",
        RuleVerdict.Violated => $"violated: {Rule.Describe()}; counterexample: {Counterexample}",
        _ => $"violated if guards allow (confirm by sampling): {Rule.Describe()}; counterexample: {Counterexample}",
    };
}
