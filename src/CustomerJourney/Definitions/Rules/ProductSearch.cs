using CustomerJourney.Tracking;

namespace CustomerJourney.Definitions.Rules;

/// <summary>Breadth-first search of the product of the stage graph with a rule's automaton.</summary>
internal sealed class ProductSearch
{
    private static readonly Node NotStarted = new(-1, 0, RuleMonitor.Initial);
    private readonly RuleGraph _graph;
    private readonly RuleMonitor _monitor;
    private readonly bool _guarded;
    private readonly Dictionary<Node, (Node From, RuleStep Step)> _parent = [];
    private readonly List<Node> _order = [];

    /// <param name="graph">The stage graph.</param>
    /// <param name="monitor">The rule's automaton.</param>
    /// <param name="guarded">Whether guarded moves may be taken; without them every path found happens whatever the guards decide.</param>
    public ProductSearch(RuleGraph graph, RuleMonitor monitor, bool guarded)
    {
        _graph = graph;
        _monitor = monitor;
        _guarded = guarded;
    }

    /// <summary>The shortest path to an entry that breaks the rule, or <see langword="null"/>; explores every reachable node.</summary>
    public RuleCounterexample? FindBad()
    {
        var queue = new Queue<Node>();
        _parent[NotStarted] = default;
        _order.Add(NotStarted);
        queue.Enqueue(NotStarted);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var edge in Edges(node))
            {
                if (edge.Bad is not null)
                {
                    var steps = PathTo(node);
                    steps.Add(edge.Step);
                    return new RuleCounterexample { StartStage = StartId, Steps = steps, Explanation = edge.Bad };
                }

                if (_parent.TryAdd(edge.To, (node, edge.Step)))
                {
                    _order.Add(edge.To);
                    queue.Enqueue(edge.To);
                }
            }
        }

        return null;
    }

    /// <summary>After <see cref="FindBad"/> found nothing: the shortest way into a loop of stage entries while a goal is owed.</summary>
    public RuleCounterexample? FindLoop(StageRule rule)
    {
        if (!_monitor.HasLoops)
        {
            return null;
        }

        foreach (var start in _order)
        {
            if (start.Stage < 0 || !RuleMonitor.IsActive(start.Monitor))
            {
                continue;
            }

            var cycle = ShortestCycle(start);
            if (cycle is not null)
            {
                var steps = PathTo(start);
                var loopStart = steps.Count;
                steps.AddRange(cycle);
                return new RuleCounterexample
                {
                    StartStage = StartId,
                    Steps = steps,
                    LoopStart = loopStart,
                    Explanation = $"after '{rule.Stage}', the stages from step {loopStart + 1} on can repeat forever without reaching a goal",
                };
            }
        }

        return null;
    }

    private string StartId => _graph.Definition.StartStage;

    private List<RuleStep>? ShortestCycle(Node start)
    {
        var origin = (start, false);
        var parent = new Dictionary<(Node, bool), ((Node, bool) From, RuleStep Step)> { [origin] = default };
        var queue = new Queue<(Node Node, bool Entered)>();
        queue.Enqueue(origin);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var edge in Edges(current.Node))
            {
                if (edge.Bad is not null || !RuleMonitor.IsActive(edge.To.Monitor))
                {
                    continue;
                }

                var next = (edge.To, current.Entered || edge.Step.EnteredStage);
                if (!parent.TryAdd(next, (current, edge.Step)))
                {
                    continue;
                }

                if (next == (start, true))
                {
                    var steps = new List<RuleStep>();
                    for (var at = next; at != origin; at = parent[at].From)
                    {
                        steps.Add(parent[at].Step);
                    }

                    steps.Reverse();
                    return steps;
                }

                queue.Enqueue(next);
            }
        }

        return null;
    }

    private List<RuleStep> PathTo(Node node)
    {
        var steps = new List<RuleStep>();
        for (var at = node; at != NotStarted; at = _parent[at].From)
        {
            steps.Add(_parent[at].Step);
        }

        steps.Reverse();
        return steps;
    }

    private IEnumerable<Edge> Edges(Node node)
    {
        var engine = _graph.Engine;
        if (node.Stage < 0)
        {
            var start = engine.StartStageIndex;
            var started = _monitor.Step(node.Monitor, start, VisitCause.Start, -1);
            if (_graph.TouchpointCount == 0)
            {
                yield break;
            }

            if (started == RuleMonitor.Bad)
            {
                // the first touch breaks the rule by starting the journey, whatever it does next
                var (first, outcome) = _graph.MovesOf(start)[0];
                yield return new Edge(default, new RuleStep { Touchpoint = engine.TouchpointId(first), Stage = engine.StageId(outcome.To), EnteredStage = outcome.Enters, Guarded = false }, _monitor.Explain(node.Monitor, start, VisitCause.Start, -1));
                yield break;
            }

            foreach (var edge in Touches(new Node(start, 0, started)))
            {
                yield return edge;
            }

            yield break;
        }

        var lapse = _graph.Lapse[node.Stage];
        var forced = lapse >= 0 && _graph.LapseAfter[node.Stage] <= node.Elapsed;
        if (!forced)
        {
            foreach (var edge in Touches(node))
            {
                yield return edge;
            }
        }

        if (lapse >= 0)
        {
            var after = _graph.LapseAfter[node.Stage];
            var step = new RuleStep { InactiveFor = TimeSpan.FromTicks(after), Stage = engine.StageId(lapse), EnteredStage = true, Guarded = false };
            var next = _monitor.Step(node.Monitor, lapse, VisitCause.Inactivity, -1);
            yield return next == RuleMonitor.Bad
                ? new Edge(default, step, _monitor.Explain(node.Monitor, lapse, VisitCause.Inactivity, -1))
                : new Edge(new Node(lapse, after, next), step, null);
        }
    }

    private IEnumerable<Edge> Touches(Node node)
    {
        var engine = _graph.Engine;
        foreach (var (touchpoint, outcome) in _graph.MovesOf(node.Stage))
        {
            if (outcome.Guarded && !_guarded)
            {
                continue;
            }

            var step = new RuleStep { Touchpoint = engine.TouchpointId(touchpoint), Stage = engine.StageId(outcome.To), EnteredStage = outcome.Enters, Guarded = outcome.Guarded };
            if (!outcome.Enters)
            {
                yield return new Edge(node with { Elapsed = 0 }, step, null);
                continue;
            }

            var next = _monitor.Step(node.Monitor, outcome.To, VisitCause.Touch, touchpoint);
            yield return next == RuleMonitor.Bad
                ? new Edge(default, step, _monitor.Explain(node.Monitor, outcome.To, VisitCause.Touch, touchpoint))
                : new Edge(new Node(outcome.To, 0, next), step, null);
        }
    }

    private readonly record struct Node(int Stage, long Elapsed, int Monitor);

    private readonly record struct Edge(Node To, RuleStep Step, string? Bad);
}
