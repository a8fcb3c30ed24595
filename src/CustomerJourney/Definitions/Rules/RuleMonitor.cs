using System.Globalization;
using CustomerJourney.Tracking;

namespace CustomerJourney.Definitions.Rules;

/// <summary>
/// A small automaton that reads a journey's stage entries (visits) one by one and falls into <see cref="Bad"/> when they break the rule.
/// The checker runs it in product with the stage graph; the sampler runs it over tracked journeys: both judge by the same automaton.
/// </summary>
internal sealed class RuleMonitor
{
    public const int Bad = -1;

    private readonly StageRule _rule;
    private readonly RuleGraph _graph;
    private readonly bool[] _inStage;
    private readonly bool[] _inBefore;
    private readonly int _winBack;
    private readonly bool[][] _winBackTargets = [];

    public RuleMonitor(StageRule rule, RuleGraph graph)
    {
        _rule = rule;
        _graph = graph;
        _inStage = Members(rule.Stage);
        _inBefore = Members(rule.Before);
        _winBack = rule.Touchpoint is not null && graph.Engine.TryGetTouchpointIndex(rule.Touchpoint, out var w) ? w : -1;
        if (rule.Kind == StageRuleKind.LapseLeadsToWinBack)
        {
            _winBackTargets = new bool[graph.StageCount][];
            for (var s = 0; s < graph.StageCount; s++)
            {
                _winBackTargets[s] = new bool[graph.StageCount];
                if (_winBack >= 0)
                {
                    foreach (var o in graph.OutcomesOf(s, _winBack))
                    {
                        if (o.Enters)
                        {
                            _winBackTargets[s][o.To] = true;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Whether breaking the rule can take an infinite run (a loop) rather than a bad entry.</summary>
    public StageRule Rule => _rule;

    public bool HasLoops => _rule.Kind == StageRuleKind.LeadsToGoal;

    public static int Initial => 0;

    /// <summary>For <see cref="StageRuleKind.LeadsToGoal"/>: whether a goal is owed (the stage was entered and no goal since).</summary>
    public static bool IsActive(int state) => state == 1;

    /// <summary>Reads one stage entry.</summary>
    /// <param name="state">The state before.</param>
    /// <param name="stage">The stage entered.</param>
    /// <param name="cause">How it was entered.</param>
    /// <param name="touchpoint">The touchpoint that entered it, or -1.</param>
    /// <returns>The state after, or <see cref="Bad"/>.</returns>
    public int Step(int state, int stage, VisitCause cause, int touchpoint) => _rule.Kind switch
    {
        StageRuleKind.NeverBefore => _inBefore[stage] ? 1 : state == 0 && _inStage[stage] ? Bad : state,
        StageRuleKind.LeadsToGoal => _graph.Engine.IsGoalIndex(stage) ? 0 : state == 1 || _inStage[stage] ? (_graph.NoGoal[stage] ? Bad : 1) : 0,
        StageRuleKind.GoalReachable => _graph.NoGoal[stage] ? Bad : 0,
        StageRuleKind.AtMostPasses => Passes(state, stage),
        StageRuleKind.EnteredOnlyVia => !_inStage[stage] ? 0
            : state == 1 ? 1
            : cause == VisitCause.Touch && touchpoint >= 0 && string.Equals(_graph.Channel[touchpoint], _rule.Channel, StringComparison.Ordinal) ? 1
            : Bad,
        StageRuleKind.LapseLeadsToWinBack => state > 0 && !_winBackTargets[state - 1][stage] ? Bad : cause == VisitCause.Inactivity ? stage + 1 : 0,
        _ => state,
    };

    // state = passes * 2 + (1 when inside the stage): a pass is an entry into the stage itself, or into a stage inside it from outside
    private int Passes(int state, int stage)
    {
        if (!_inStage[stage])
        {
            return state & ~1;
        }

        var passes = state >> 1;
        var counts = (state & 1) == 0 || string.Equals(_graph.Engine.StageId(stage), _rule.Stage, StringComparison.Ordinal);
        if (counts)
        {
            passes++;
        }

        return passes > (_rule.Passes ?? 0) ? Bad : (passes << 1) | 1;
    }

    /// <summary>Why reading the entry into <paramref name="stage"/> in <paramref name="state"/> broke the rule.</summary>
    public string Explain(int state, int stage, VisitCause cause, int touchpoint)
    {
        var id = _graph.Engine.StageId(stage);
        var how = cause switch
        {
            VisitCause.Start => "as the start stage",
            VisitCause.Inactivity => "by inactivity",
            _ => touchpoint < 0 ? "by a touch" : $"through '{_graph.Engine.TouchpointId(touchpoint)}' (channel '{_graph.Channel[touchpoint]}')",
        };
        return _rule.Kind switch
        {
            StageRuleKind.NeverBefore => $"enters '{id}' {how} without having been in '{_rule.Before}'",
            StageRuleKind.LeadsToGoal => $"after '{_rule.Stage}', enters '{id}', from which no goal can be reached",
            StageRuleKind.GoalReachable => $"enters '{id}', from which no goal can be reached",
            StageRuleKind.AtMostPasses => string.Create(CultureInfo.InvariantCulture, $"enters '{id}' once more: pass {(state >> 1) + 1} through '{_rule.Stage}', at most {_rule.Passes} allowed"),
            StageRuleKind.EnteredOnlyVia => $"enters '{id}' {how}",
            StageRuleKind.LapseLeadsToWinBack => $"after lapsing into '{_graph.Engine.StageId(state - 1)}', enters '{id}' {how} instead of where '{_rule.Touchpoint}' leads",
            _ => $"enters '{id}'",
        };
    }

    private bool[] Members(string? ancestor)
    {
        var members = new bool[_graph.StageCount];
        if (ancestor is not null && _graph.Engine.TryGetStageIndex(ancestor, out var a))
        {
            for (var s = 0; s < members.Length; s++)
            {
                members[s] = _graph.InOrBelow(s, a);
            }
        }

        return members;
    }
}
