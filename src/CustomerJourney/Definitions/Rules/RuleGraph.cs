using CustomerJourney.Engine;

namespace CustomerJourney.Definitions.Rules;

/// <summary>
/// The stage graph of a compiled definition as the checker sees it: for every (stage, touchpoint) the outcomes the engine can produce
/// under any assignment of true/false to the guards involved (guards are treated as free), and the inactivity rule of every stage.
/// </summary>
internal sealed class RuleGraph
{
    private const int MaxGuardsPerCell = 12;
    private readonly Outcome[][] _outcomes; // per stage * touchpointCount + touchpoint
    private readonly Move[][] _moves; // per stage: one representative touchpoint per distinct (outcome, channel), unguarded first

    private RuleGraph(JourneyDefinition definition)
    {
        Definition = definition;
        var valuation = new HashSet<string>(StringComparer.Ordinal);
        var registry = new GuardRegistry();
        foreach (var name in definition.Transitions.Select(t => t.Guard).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            registry.Add(name, _ => valuation.Contains(name));
        }

        Engine = JourneyEngine.Compile(definition, registry);
        StageCount = Engine.StageCount;
        TouchpointCount = Engine.TouchpointCount;
        Lapse = new int[StageCount];
        LapseAfter = new long[StageCount];
        Channel = definition.Touchpoints.Select(t => t.Channel).ToArray();
        _outcomes = new Outcome[StageCount * TouchpointCount][];
        for (var s = 0; s < StageCount; s++)
        {
            Lapse[s] = Engine.TryGetInactivityRule(s, out var to, out var after) ? to : -1;
            LapseAfter[s] = after;
            for (var t = 0; t < TouchpointCount; t++)
            {
                _outcomes[(s * TouchpointCount) + t] = Outcomes(s, t, valuation);
            }
        }

        NoGoal = ComputeNoGoal();
        _moves = new Move[StageCount][];
        for (var s = 0; s < StageCount; s++)
        {
            var moves = new List<Move>();
            var seen = new HashSet<(bool, int, string, bool)>();
            for (var t = 0; t < TouchpointCount; t++)
            {
                foreach (var o in OutcomesOf(s, t))
                {
                    // staying is the same move whatever the channel: the automata read stage entries only
                    if (seen.Add((o.Enters, o.To, o.Enters ? Channel[t] : string.Empty, o.Guarded)))
                    {
                        moves.Add(new Move(t, o));
                    }
                }
            }

            _moves[s] = [.. moves.Where(m => !m.Outcome.Guarded), .. moves.Where(m => m.Outcome.Guarded)];
        }
    }

    /// <summary>The distinct moves from a stage by touch (a representative touchpoint each, the first declared), unguarded ones first.</summary>
    public Move[] MovesOf(int stage) => _moves[stage];

    public JourneyDefinition Definition { get; }

    public JourneyEngine Engine { get; }

    public int StageCount { get; }

    public int TouchpointCount { get; }

    /// <summary>Per stage: the stage its inactivity rule moves to, or -1.</summary>
    public int[] Lapse { get; }

    /// <summary>Per stage: the inactivity rule's duration in ticks.</summary>
    public long[] LapseAfter { get; }

    /// <summary>Per touchpoint: its declared channel.</summary>
    public string[] Channel { get; }

    /// <summary>Per stage: whether no goal stage can be reached from it any more.</summary>
    public bool[] NoGoal { get; }

    public static RuleGraph Build(JourneyDefinition definition) => new(definition);

    public Outcome[] OutcomesOf(int stage, int touchpoint) => _outcomes[(stage * TouchpointCount) + touchpoint];

    public bool InOrBelow(int stage, int ancestor)
    {
        for (var s = stage; s >= 0; s = Engine.ParentIndex(s))
        {
            if (s == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private Outcome[] Outcomes(int stage, int touchpoint, HashSet<string> valuation)
    {
        if (!Engine.IsGuarded(stage, touchpoint))
        {
            return [ToOutcome(stage, Engine.Fire(stage, touchpoint, default), guarded: false)];
        }

        var tp = Engine.TouchpointId(touchpoint);
        var lineage = new HashSet<string>(StringComparer.Ordinal);
        for (var s = stage; s >= 0; s = Engine.ParentIndex(s))
        {
            lineage.Add(Engine.StageId(s));
        }

        var guards = Definition.Transitions
            .Where(t => t.Guard is not null && string.Equals(t.Touchpoint, tp, StringComparison.Ordinal) && lineage.Contains(t.From))
            .Select(t => t.Guard!)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxGuardsPerCell)
            .ToArray();
        var seen = new List<Outcome>();
        for (var mask = 0; mask < 1 << guards.Length; mask++)
        {
            valuation.Clear();
            for (var g = 0; g < guards.Length; g++)
            {
                if ((mask & (1 << g)) != 0)
                {
                    valuation.Add(guards[g]);
                }
            }

            var outcome = ToOutcome(stage, Engine.Fire(stage, touchpoint, default), guarded: true);
            if (!seen.Any(o => o.Enters == outcome.Enters && o.To == outcome.To))
            {
                seen.Add(outcome);
            }
        }

        valuation.Clear();
        return seen.Count == 1 ? [seen[0] with { Guarded = false }] : seen.ToArray();
    }

    private static Outcome ToOutcome(int stage, JourneyEngine.Step step, bool guarded) =>
        step.Outcome is FireOutcome.Transitioned or FireOutcome.Reentered ? new Outcome(true, step.To, guarded) : new Outcome(false, stage, guarded);

    private bool[] ComputeNoGoal()
    {
        // reverse reachability from the goal stages over every move that enters a stage
        var predecessors = new List<int>[StageCount];
        for (var s = 0; s < StageCount; s++)
        {
            predecessors[s] = [];
        }

        for (var s = 0; s < StageCount; s++)
        {
            for (var t = 0; t < TouchpointCount; t++)
            {
                foreach (var o in OutcomesOf(s, t))
                {
                    if (o.Enters)
                    {
                        predecessors[o.To].Add(s);
                    }
                }
            }

            if (Lapse[s] >= 0)
            {
                predecessors[Lapse[s]].Add(s);
            }
        }

        var canReach = new bool[StageCount];
        var queue = new Queue<int>();
        for (var s = 0; s < StageCount; s++)
        {
            if (Engine.IsGoalIndex(s))
            {
                canReach[s] = true;
                queue.Enqueue(s);
            }
        }

        while (queue.Count > 0)
        {
            foreach (var p in predecessors[queue.Dequeue()])
            {
                if (!canReach[p])
                {
                    canReach[p] = true;
                    queue.Enqueue(p);
                }
            }
        }

        return canReach.Select(c => !c).ToArray();
    }

    /// <summary>A touch of <see cref="Touchpoint"/> with one of its possible outcomes.</summary>
    internal readonly record struct Move(int Touchpoint, Outcome Outcome);

    /// <summary>One possible result of a touch: entering <see cref="To"/>, or staying.</summary>
    internal readonly record struct Outcome(bool Enters, int To, bool Guarded);
}
