namespace CustomerJourney.Definitions.Rules;

/// <summary>What <see cref="StageRuleChecker"/> decided about a rule.</summary>
public enum RuleVerdict
{
    /// <summary>The rule holds on every path through the stage graph, whatever the guards decide: proved, not sampled.</summary>
    Holds = 0,

    /// <summary>The rule is broken; the counterexample uses no guarded transition, so replaying it breaks the rule for certain.</summary>
    Violated = 1,

    /// <summary>
    /// The rule is broken only if guards allow it: the shortest counterexample needs a guarded transition to go a particular way.
    /// Whether that can happen depends on the guards' code, so confirm it by sampling (the testing kit's generators do).
    /// </summary>
    ViolatedIfGuardsAllow = 2,
}
