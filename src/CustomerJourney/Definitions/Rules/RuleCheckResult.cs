namespace CustomerJourney.Definitions.Rules;

/// <summary>What <see cref="StageRuleChecker"/> decided about one rule.</summary>
public sealed record RuleCheckResult
{
    /// <summary>The rule.</summary>
    public required StageRule Rule { get; init; }

    /// <summary>Holds, violated, or violated if the guards allow.</summary>
    public required RuleVerdict Verdict { get; init; }

    /// <summary>The shortest counterexample when the rule does not hold; <see langword="null"/> (the default) when it holds.</summary>
    public RuleCounterexample? Counterexample { get; init; }

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
