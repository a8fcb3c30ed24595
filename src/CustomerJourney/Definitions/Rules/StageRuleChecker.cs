using CustomerJourney.Internal;
using CustomerJourney.Tracking;

namespace CustomerJourney.Definitions.Rules;

/// <summary>
/// Decides stage rules exactly on a definition's stage graph. The graph is finite, so the checker explores the product of the graph
/// (stage, time since the last touch as far as inactivity rules care) with a small automaton per rule, breadth first: a rule that holds is
/// proved for every journey, and a rule that does not comes with its shortest counterexample (the touches and lapses of one customer).
/// Guards are treated as free (each guarded transition may or may not fire), so "holds" is certain. The shortest counterexample that
/// needs no guarded transition is reported as <see cref="RuleVerdict.Violated"/>; when every counterexample needs a guard to go one
/// way, the shortest is reported as <see cref="RuleVerdict.ViolatedIfGuardsAllow"/>, for sampling to confirm.
/// </summary>
public sealed class StageRuleChecker
{
    private readonly RuleGraph _graph;

    /// <summary>Prepares the checker for a definition (compiles its stage graph once).</summary>
    /// <param name="definition">The definition; its guards need not be bound.</param>
    public StageRuleChecker(JourneyDefinition definition)
    {
        Guard.NotNull(definition);
        _graph = RuleGraph.Build(definition);
    }

    /// <summary>The definition checked.</summary>
    public JourneyDefinition Definition => _graph.Definition;

    /// <summary>Checks every rule: the definition's own <see cref="JourneyDefinition.Rules"/> when <paramref name="rules"/> is <see langword="null"/>.</summary>
    /// <param name="rules">The rules.</param>
    /// <returns>One result per rule, in order.</returns>
    /// <exception cref="JourneyDefinitionException">A rule names a stage or touchpoint the definition does not have, or is malformed.</exception>
    public IReadOnlyList<RuleCheckResult> CheckAll(IEnumerable<StageRule>? rules = null)
    {
        var list = (rules ?? Definition.Rules).ToList();
        StageRuleValidator.ThrowIfInvalid(Definition, list, maxRules: int.MaxValue);
        return list.Select(CheckValid).ToArray();
    }

    /// <summary>Checks one rule.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The verdict, with the shortest counterexample when the rule does not hold.</returns>
    /// <exception cref="JourneyDefinitionException">The rule names a stage or touchpoint the definition does not have, or is malformed.</exception>
    public RuleCheckResult Check(StageRule rule)
    {
        Guard.NotNull(rule);
        StageRuleValidator.ThrowIfInvalid(Definition, [rule]);
        return CheckValid(rule);
    }

    /// <summary>
    /// Judges one journey's stage entries by the rule, the way sampling does: the same automaton as the exact check, so a violation found
    /// here is one the exact check reports too. For <see cref="StageRuleKind.LeadsToGoal"/> a loop shows as a stage entered twice after the
    /// rule's stage with no goal in between.
    /// </summary>
    /// <param name="rule">The rule.</param>
    /// <param name="visits">The journey's visits, in order (<see cref="Journey.Visits"/>).</param>
    /// <returns>Why the visits break the rule, or <see langword="null"/> when they keep it.</returns>
    public string? FindViolation(StageRule rule, IReadOnlyList<JourneyVisit> visits)
    {
        Guard.NotNull(rule);
        Guard.NotNull(visits);
        StageRuleValidator.ThrowIfInvalid(Definition, [rule]);
        return Judge(new RuleMonitor(rule, _graph), visits);
    }

    /// <summary>
    /// Counts, per rule, the journeys whose recorded stage entries break it (<see cref="FindViolation"/>), reading each journey's visits once:
    /// the definition's own <see cref="JourneyDefinition.Rules"/> when <paramref name="rules"/> is <see langword="null"/>.
    /// </summary>
    /// <param name="journeys">The journeys, folded with this definition.</param>
    /// <param name="rules">The rules.</param>
    /// <returns>Per rule, in order, the number of journeys breaking it.</returns>
    /// <exception cref="JourneyDefinitionException">A rule names a stage or touchpoint the definition does not have, or is malformed.</exception>
    /// <exception cref="ArgumentException">A journey visits a stage the definition does not have.</exception>
    public IReadOnlyList<long> CountViolations(IEnumerable<Journey> journeys, IEnumerable<StageRule>? rules = null)
    {
        Guard.NotNull(journeys);
        var list = (rules ?? Definition.Rules).ToList();
        StageRuleValidator.ThrowIfInvalid(Definition, list, maxRules: int.MaxValue);
        var monitors = list.Select(r => new RuleMonitor(r, _graph)).ToArray();
        var counts = new long[monitors.Length];
        if (monitors.Length == 0)
        {
            return counts;
        }

        foreach (var journey in journeys)
        {
            IReadOnlyList<JourneyVisit> visits = journey.Visits; // boxed once per journey, read by every monitor
            for (var r = 0; r < monitors.Length; r++)
            {
                counts[r] += Judge(monitors[r], visits) is null ? 0 : 1;
            }
        }

        return counts;
    }

    private string? Judge(RuleMonitor monitor, IReadOnlyList<JourneyVisit> visits)
    {
        var rule = monitor.Rule;
        var state = RuleMonitor.Initial;
        var sinceActive = new HashSet<int>();
        foreach (var visit in visits)
        {
            if (!_graph.Engine.TryGetStageIndex(visit.Stage, out var stage))
            {
                throw new ArgumentException($"'{visit.Stage}' is not a stage of '{Definition.Name}'.", nameof(visits));
            }

            var touchpoint = visit.Touchpoint is not null && _graph.Engine.TryGetTouchpointIndex(visit.Touchpoint, out var t) ? t : -1;
            var next = monitor.Step(state, stage, visit.Cause, touchpoint);
            if (next == RuleMonitor.Bad)
            {
                return monitor.Explain(state, stage, visit.Cause, touchpoint);
            }

            if (monitor.HasLoops && RuleMonitor.IsActive(next))
            {
                if (!sinceActive.Add(stage))
                {
                    return $"after '{rule.Stage}', enters '{visit.Stage}' again without reaching a goal: a loop that can repeat forever";
                }
            }
            else
            {
                sinceActive.Clear();
            }

            state = next;
        }

        return null;
    }

    private RuleCheckResult CheckValid(StageRule rule)
    {
        // first without guarded moves: a counterexample found so happens whatever the guards decide
        var monitor = new RuleMonitor(rule, _graph);
        var certain = new ProductSearch(_graph, monitor, guarded: false);
        if ((certain.FindBad() ?? certain.FindLoop(rule)) is { } counterexample)
        {
            return new RuleCheckResult { Rule = rule, Verdict = RuleVerdict.Violated, Counterexample = counterexample };
        }

        var possible = new ProductSearch(_graph, monitor, guarded: true);
        counterexample = possible.FindBad() ?? possible.FindLoop(rule);
        return counterexample is null
            ? new RuleCheckResult { Rule = rule, Verdict = RuleVerdict.Holds }
            : new RuleCheckResult { Rule = rule, Verdict = counterexample.DependsOnGuards ? RuleVerdict.ViolatedIfGuardsAllow : RuleVerdict.Violated, Counterexample = counterexample };
    }
}
