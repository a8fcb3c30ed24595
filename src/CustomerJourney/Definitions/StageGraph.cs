namespace CustomerJourney.Definitions;

/// <summary>The stage graph of a well-formed definition, with super-stage inheritance, for graph analyses.</summary>
internal sealed class StageGraph
{
    private readonly JourneyDefinition _definition;
    private readonly Dictionary<string, string?> _parent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _children = new(StringComparer.Ordinal);

    private StageGraph(JourneyDefinition definition)
    {
        _definition = definition;
        foreach (var s in definition.Stages)
        {
            // a stage declared twice (reported as a duplicate) keeps the super-stage any declaration names, so that the
            // duplicate alone does not make its inner stages look like dead ends
            if (!_parent.TryAdd(s.Id, s.SuperStage) && _parent[s.Id] is null)
            {
                _parent[s.Id] = s.SuperStage;
            }

            if (s.SuperStage is not null)
            {
                if (!_children.TryGetValue(s.SuperStage, out var list))
                {
                    _children[s.SuperStage] = list = [];
                }

                list.Add(s.Id);
            }
        }
    }

    public static StageGraph Build(JourneyDefinition definition) => new(definition);

    /// <summary>The stage and its ancestors, innermost first.</summary>
    public IEnumerable<string> SelfAndAncestors(string stage)
    {
        var guard = 0;
        for (string? id = stage; id is not null && guard++ <= _parent.Count; id = _parent.GetValueOrDefault(id))
        {
            yield return id;
        }
    }

    public IEnumerable<string> Descendants(string stage)
    {
        if (!_children.TryGetValue(stage, out var children))
        {
            yield break;
        }

        foreach (var child in children)
        {
            yield return child;
            foreach (var grandchild in Descendants(child))
            {
                yield return grandchild;
            }
        }
    }

    /// <summary>Stages a customer in <paramref name="stage"/> can move to (permit and re-entry destinations, inactivity rules).</summary>
    public IEnumerable<string> Exits(string stage)
    {
        var lineage = SelfAndAncestors(stage).ToHashSet(StringComparer.Ordinal);
        foreach (var t in _definition.Transitions)
        {
            if (lineage.Contains(t.From) && t.Kind is TransitionKind.Permit or TransitionKind.Reentry)
            {
                yield return t.Destination;
            }
        }

        var terminal = _definition.TryGetStage(stage, out var s) && s.IsTerminal;
        foreach (var rule in _definition.InactivityRules)
        {
            if (rule.Stage is null ? !terminal : lineage.Contains(rule.Stage))
            {
                yield return rule.To;
            }
        }
    }

    public HashSet<string> Reachable()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (!_parent.ContainsKey(_definition.StartStage))
        {
            return seen;
        }

        var queue = new Queue<string>();
        seen.Add(_definition.StartStage);
        queue.Enqueue(_definition.StartStage);
        while (queue.Count > 0)
        {
            foreach (var next in Exits(queue.Dequeue()))
            {
                if (_parent.ContainsKey(next) && seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return seen;
    }
}
