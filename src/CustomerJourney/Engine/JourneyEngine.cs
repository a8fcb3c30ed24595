using System.Collections.Frozen;
using CustomerJourney.Definitions;
using CustomerJourney.Internal;
using Stateless;

namespace CustomerJourney.Engine;

/// <summary>
/// A journey definition compiled for execution. Semantics are Stateless's: a definition maps one-to-one onto a
/// Stateless configuration (built inside the library), and the engine runs a transition table compiled from the same
/// definition, proven by property tests to reach exactly the states Stateless reaches. Thread-safe: an engine holds no per-customer state.
/// </summary>
public sealed partial class JourneyEngine
{
    private readonly string[] _stageIds;
    private readonly string[] _touchpointIds;
    private readonly Dictionary<string, int> _stageIndex;
    private readonly Dictionary<string, int> _touchpointIndex;
    private readonly int[] _cellStart; // per (stage, touchpoint): start of its entries; length S*T+1
    private readonly Entry[] _entries;
    private readonly bool[] _cellGuarded; // per (stage, touchpoint): whether any of its entries has a guard
    private readonly Func<GuardContext, bool>[] _guards;
    private readonly bool[] _isGoal;
    private readonly int[] _parent;
    private readonly int[] _inactivityTo;
    private readonly long[] _inactivityAfter;

    private JourneyEngine(JourneyDefinition definition, GuardRegistry guards)
    {
        Definition = definition;
        // frozen at compile time: both the compiled table and the Stateless configuration read this copy, so a later
        // change to the registry cannot make them differ
        Guards = definition.Transitions
            .Where(t => t.Guard is not null)
            .Select(t => t.Guard!)
            .Distinct(StringComparer.Ordinal)
            .ToFrozenDictionary(name => name, name => guards.TryGet(name, out var predicate) ? predicate : throw new InvalidOperationException("unreachable: guards checked by Compile"), StringComparer.Ordinal);
        _stageIds = definition.Stages.Select(s => s.Id).ToArray();
        _touchpointIds = definition.Touchpoints.Select(t => t.Id).ToArray();
        _stageIndex = Index(_stageIds);
        _touchpointIndex = Index(_touchpointIds);
        _isGoal = _stageIds.Select(definition.IsGoal).ToArray();
        _parent = definition.Stages.Select(s => s.SuperStage is null ? -1 : _stageIndex[s.SuperStage]).ToArray();
        StartStageIndex = _stageIndex[definition.StartStage];
        _inactivityTo = new int[_stageIds.Length];
        _inactivityAfter = new long[_stageIds.Length];
        for (var s = 0; s < _stageIds.Length; s++)
        {
            _inactivityTo[s] = -1;
            var lineage = new HashSet<int>();
            for (var a = s; a >= 0; a = _parent[a])
            {
                lineage.Add(a);
            }

            foreach (var rule in definition.InactivityRules)
            {
                var to = _stageIndex[rule.To];
                var applies = rule.Stage is null ? !definition.Stages[s].IsTerminal : lineage.Contains(_stageIndex[rule.Stage]);
                if (applies && to != s)
                {
                    _inactivityTo[s] = to;
                    _inactivityAfter[s] = rule.After.Ticks;
                    break;
                }
            }
        }

        var guardIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var guardList = new List<Func<GuardContext, bool>>();
        var byCell = new Dictionary<(int Stage, int Touchpoint), List<int>>();
        for (var i = 0; i < definition.Transitions.Count; i++)
        {
            var t = definition.Transitions[i];
            var key = (_stageIndex[t.From], _touchpointIndex[t.Touchpoint]);
            if (!byCell.TryGetValue(key, out var list))
            {
                byCell[key] = list = [];
            }

            list.Add(i);
            if (t.Guard is not null && !guardIndex.ContainsKey(t.Guard))
            {
                guardIndex[t.Guard] = guardList.Count;
                guardList.Add(Guards[t.Guard]);
            }
        }

        _guards = guardList.ToArray();
        var stageCount = _stageIds.Length;
        var touchpointCount = _touchpointIds.Length;
        _cellStart = new int[(stageCount * touchpointCount) + 1];
        var entries = new List<Entry>();
        for (var s = 0; s < stageCount; s++)
        {
            for (var tp = 0; tp < touchpointCount; tp++)
            {
                _cellStart[(s * touchpointCount) + tp] = entries.Count;
                var level = 0;
                for (var owner = s; owner >= 0; owner = _parent[owner], level++)
                {
                    if (!byCell.TryGetValue((owner, tp), out var list))
                    {
                        continue;
                    }

                    foreach (var i in list)
                    {
                        var t = definition.Transitions[i];
                        var destination = t.Kind switch
                        {
                            TransitionKind.Permit => _stageIndex[t.To!],
                            TransitionKind.Reentry => owner,
                            _ => -1,
                        };
                        entries.Add(new Entry(level, t.Kind, destination, t.Guard is null ? -1 : guardIndex[t.Guard], i));
                    }
                }
            }
        }

        _cellStart[^1] = entries.Count;
        _entries = entries.ToArray();
        _cellGuarded = new bool[stageCount * touchpointCount];
        for (var cell = 0; cell < _cellGuarded.Length; cell++)
        {
            for (var i = _cellStart[cell]; i < _cellStart[cell + 1]; i++)
            {
                _cellGuarded[cell] |= _entries[i].Guard >= 0;
            }
        }
    }

    /// <summary>The compiled definition.</summary>
    public JourneyDefinition Definition { get; }

    /// <summary>The guards the definition names, bound when it was compiled (later changes to the registry do not affect the engine).</summary>
    public IReadOnlyDictionary<string, Func<GuardContext, bool>> Guards { get; }

    /// <summary>The number of stages.</summary>
    public int StageCount => _stageIds.Length;

    /// <summary>The number of touchpoints.</summary>
    public int TouchpointCount => _touchpointIds.Length;

    internal int StartStageIndex { get; }

    /// <summary>Compiles a definition, binding its guard names to <paramref name="guards"/>.</summary>
    /// <param name="definition">A validated definition.</param>
    /// <param name="guards">The guards; required when the definition names any.</param>
    /// <returns>The engine.</returns>
    /// <exception cref="JourneyDefinitionException">The definition names guards that <paramref name="guards"/> does not bind.</exception>
    public static JourneyEngine Compile(JourneyDefinition definition, GuardRegistry? guards = null)
    {
        Guard.NotNull(definition);
        guards ??= new GuardRegistry();
        var unbound = definition.Transitions
            .Select((t, i) => (t, i))
            .Where(x => x.t.Guard is not null && !guards.Contains(x.t.Guard))
            .Select(x => new DefinitionError
            {
                Code = DefinitionErrorCodes.UnknownGuard,
                Path = $"transitions[{x.i}].guard",
                Message = $"Transition from '{x.t.From}' on '{x.t.Touchpoint}' names guard '{x.t.Guard}', which is not bound.",
            })
            .ToList();
        if (unbound.Count > 0)
        {
            throw new JourneyDefinitionException(definition.Name, unbound);
        }

        return new JourneyEngine(definition, guards);
    }

    /// <summary>Fires <paramref name="touchpoint"/> for a customer in <paramref name="stage"/>. Never throws for unhandled touchpoints.</summary>
    /// <param name="stage">The customer's current stage.</param>
    /// <param name="touchpoint">The touchpoint.</param>
    /// <param name="context">What guards see; may be <see langword="default"/> when the definition has no guards.</param>
    /// <returns>What happened.</returns>
    /// <exception cref="ArgumentException">The stage or touchpoint is not part of the definition.</exception>
    public FireResult Fire(string stage, string touchpoint, in GuardContext context = default)
    {
        var s = _stageIndex.TryGetValue(Guard.NotNull(stage), out var si) ? si : throw new ArgumentException($"'{stage}' is not a stage of '{Definition.Name}'.", nameof(stage));
        var t = _touchpointIndex.TryGetValue(Guard.NotNull(touchpoint), out var ti) ? ti : throw new ArgumentException($"'{touchpoint}' is not a touchpoint of '{Definition.Name}'.", nameof(touchpoint));
        var step = Fire(s, t, context);
        return new FireResult { Outcome = step.Outcome, From = stage, To = _stageIds[step.To], Transition = step.TransitionIndex < 0 ? null : Definition.Transitions[step.TransitionIndex] };
    }

    /// <summary>Whether the stage, or a super-stage enclosing it, is a goal.</summary>
    /// <param name="stage">A stage identifier.</param>
    /// <returns><see langword="true"/> when entering it counts as a conversion.</returns>
    public bool IsGoal(string stage) => Definition.IsGoal(stage);

    internal Step Fire(int stage, int touchpoint, in GuardContext context)
    {
        var start = _cellStart[(stage * _touchpointIds.Length) + touchpoint];
        var end = _cellStart[(stage * _touchpointIds.Length) + touchpoint + 1];
        var i = start;
        while (i < end)
        {
            var level = _entries[i].Level;
            var found = -1;
            for (; i < end && _entries[i].Level == level; i++)
            {
                ref readonly var e = ref _entries[i];
                if (e.Guard < 0 || _guards[e.Guard](context))
                {
                    if (found >= 0)
                    {
                        return new Step(FireOutcome.Ambiguous, stage, -1);
                    }

                    found = i;
                }
            }

            if (found >= 0)
            {
                ref readonly var e = ref _entries[found];
                return e.Kind switch
                {
                    // Stateless treats a permit inherited from a super-stage that leads to the current stage as handled, with no transition.
                    TransitionKind.Permit when e.Destination == stage => new Step(FireOutcome.Internal, stage, e.Transition),
                    TransitionKind.Permit => new Step(FireOutcome.Transitioned, e.Destination, e.Transition),
                    TransitionKind.Reentry => new Step(FireOutcome.Reentered, e.Destination, e.Transition),
                    TransitionKind.Internal => new Step(FireOutcome.Internal, stage, e.Transition),
                    _ => new Step(FireOutcome.Ignored, stage, e.Transition),
                };
            }
        }

        return new Step(FireOutcome.Unhandled, stage, -1);
    }

    /// <summary>Whether firing <paramref name="touchpoint"/> in <paramref name="stage"/> may evaluate a guard (and so needs a context).</summary>
    internal bool IsGuarded(int stage, int touchpoint) => _cellGuarded[(stage * _touchpointIds.Length) + touchpoint];

    internal bool TryGetInactivityRule(int stage, out int to, out long afterTicks)
    {
        to = _inactivityTo[stage];
        afterTicks = _inactivityAfter[stage];
        return to >= 0;
    }

    internal bool TryGetStageIndex(string stage, out int index) => _stageIndex.TryGetValue(stage, out index);

    internal bool TryGetTouchpointIndex(string touchpoint, out int index)
    {
        // Events built from the definition's own ids (constants, ids read back from the engine) hold the very string
        // instances of _touchpointIds: a few reference comparisons find them without hashing; any other string is
        // looked up by value.
        var ids = _touchpointIds;
        if (ids.Length <= 16)
        {
            for (var i = 0; i < ids.Length; i++)
            {
                if (ReferenceEquals(ids[i], touchpoint))
                {
                    index = i;
                    return true;
                }
            }
        }

        return _touchpointIndex.TryGetValue(touchpoint, out index);
    }

    internal string StageId(int index) => _stageIds[index];

    internal string TouchpointId(int index) => _touchpointIds[index];

    internal bool IsGoalIndex(int index) => _isGoal[index];

    internal int ParentIndex(int index) => _parent[index];

    private static Dictionary<string, int> Index(string[] ids)
    {
        var map = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            map[ids[i]] = i;
        }

        return map;
    }

    internal readonly record struct Step(FireOutcome Outcome, int To, int TransitionIndex);

    private readonly record struct Entry(int Level, TransitionKind Kind, int Destination, int Guard, int Transition);
}
