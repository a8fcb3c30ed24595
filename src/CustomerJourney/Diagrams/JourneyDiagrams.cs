using System.Globalization;
using System.Text;
using CustomerJourney.Definitions;
using CustomerJourney.Internal;

namespace CustomerJourney.Diagrams;

/// <summary>
/// Renders journey definitions as diagrams: Mermaid state diagrams and Graphviz DOT of the stage graph (the transitions
/// Stateless executes, self-loops included), and a Mermaid <c>journey</c> diagram for a map view of stages and touchpoints.
/// </summary>
public static class JourneyDiagrams
{
    /// <summary>
    /// Renders the stage graph as a Mermaid state diagram: every stage declared as <c>state "NAME" as ID</c> with its
    /// display name in <paramref name="culture"/>, super-stages as composite states, re-entry, internal and ignore
    /// transitions as self-loops labelled with the touchpoint (and guard). IDs are the stage keys where Mermaid accepts
    /// them; a key Mermaid would misread (a keyword such as <c>end</c> or <c>state</c>, or one with other characters than
    /// letters, digits and <c>_</c>) gets a safe ID, its key then shown in the label.
    /// </summary>
    /// <param name="definition">The definition.</param>
    /// <param name="culture">The culture of stage names; <see langword="null"/> means English (falling back to the key).</param>
    /// <returns>Mermaid text.</returns>
    public static string ToMermaid(JourneyDefinition definition, CultureInfo? culture = null)
    {
        Guard.NotNull(definition);
        culture ??= CultureInfo.GetCultureInfo("en");
        var ids = MermaidIds(definition);
        var children = Children(definition);
        var text = new StringBuilder("stateDiagram-v2\n");
        foreach (var stage in definition.Stages)
        {
            var label = stage.GetDisplayName(culture);
            if (!string.Equals(ids[stage.Id], stage.Id, StringComparison.Ordinal) && !string.Equals(label, stage.Id, StringComparison.Ordinal))
            {
                label = $"{label} ({stage.Id})";
            }

            text.Append("    state \"").Append(MermaidText(label)).Append("\" as ").Append(ids[stage.Id]).Append('\n');
        }

        foreach (var root in definition.Stages.Where(s => s.SuperStage is null && children.ContainsKey(s.Id)))
        {
            AppendComposite(text, root.Id, ids, children, 1, new HashSet<string>(StringComparer.Ordinal));
        }

        text.Append("    [*] --> ").Append(ids[definition.StartStage]).Append('\n');
        foreach (var t in definition.Transitions)
        {
            text.Append("    ").Append(ids[t.From]).Append(" --> ").Append(ids[t.Destination]).Append(" : ").Append(MermaidText(EdgeLabel(t))).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// Renders the stage graph as Graphviz DOT: node IDs are the stage keys (quoted), labels the display names in
    /// <paramref name="culture"/>, super-stages as clusters, the start marked by a point.
    /// </summary>
    /// <param name="definition">The definition.</param>
    /// <param name="culture">The culture of stage names; <see langword="null"/> means English (falling back to the key).</param>
    /// <returns>DOT text.</returns>
    public static string ToDot(JourneyDefinition definition, CultureInfo? culture = null)
    {
        Guard.NotNull(definition);
        culture ??= CultureInfo.GetCultureInfo("en");
        var children = Children(definition);
        var text = new StringBuilder();
        text.Append("digraph ").Append(DotText(definition.Name)).Append(" {\n");
        text.Append("    compound=true;\n    rankdir=\"LR\";\n    node [shape=Mrecord];\n");
        foreach (var root in definition.Stages.Where(s => s.SuperStage is null))
        {
            AppendDotStage(text, definition, root, children, culture, 1, new HashSet<string>(StringComparer.Ordinal));
        }

        text.Append("    __start [label=\"\", shape=point];\n");
        text.Append("    __start -> ").Append(DotText(definition.StartStage)).Append(";\n");
        foreach (var t in definition.Transitions)
        {
            text.Append("    ").Append(DotText(t.From)).Append(" -> ").Append(DotText(t.Destination))
                .Append(" [label=").Append(DotText(EdgeLabel(t))).Append(t.Kind is TransitionKind.Permit ? string.Empty : ", style=\"dashed\"").Append("];\n");
        }

        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>
    /// Renders a Mermaid <c>journey</c> diagram: one section per stage in the order customers meet them (breadth first
    /// from the start stage), each listing the touchpoints expected there with their owner or channel as actor.
    /// </summary>
    /// <param name="definition">The definition.</param>
    /// <param name="culture">The culture of stage names; <see langword="null"/> means English.</param>
    /// <param name="score">A 1-5 score per touchpoint (e.g. satisfaction or KPI attainment); 3 when <see langword="null"/>.</param>
    /// <returns>Mermaid text.</returns>
    public static string ToMermaidJourney(JourneyDefinition definition, CultureInfo? culture = null, Func<TouchpointDefinition, int>? score = null)
    {
        Guard.NotNull(definition);
        culture ??= CultureInfo.GetCultureInfo("en");
        var text = new StringBuilder();
        text.Append("journey\n");
        text.Append("    title ").Append(Clean(definition.Description ?? definition.Name)).Append('\n');
        foreach (var stage in StageOrder(definition))
        {
            var touchpoints = definition.Touchpoints.Where(t => t.ExpectedStages.Contains(stage.Id, StringComparer.Ordinal)).ToList();
            if (touchpoints.Count == 0)
            {
                continue;
            }

            text.Append("    section ").Append(Clean(stage.GetDisplayName(culture))).Append('\n');
            foreach (var touchpoint in touchpoints)
            {
                var value = Math.Clamp(score?.Invoke(touchpoint) ?? 3, 1, 5);
                text.Append("      ").Append(Clean(touchpoint.Id)).Append(": ").Append(value.ToString(CultureInfo.InvariantCulture))
                    .Append(": ").Append(Clean(touchpoint.Owner ?? touchpoint.Channel)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The stages in breadth-first order from the start stage, unreached ones last in declaration order.</summary>
    internal static IReadOnlyList<StageDefinition> StageOrder(JourneyDefinition definition)
    {
        var graph = StageGraph.Build(definition);
        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { definition.StartStage };
        var queue = new Queue<string>([definition.StartStage]);
        while (queue.Count > 0)
        {
            var stage = queue.Dequeue();
            order.Add(stage);
            foreach (var next in graph.Exits(stage))
            {
                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        order.AddRange(definition.Stages.Select(s => s.Id).Where(seen.Add));
        return order.Select(definition.GetStage).ToList();
    }

    private static readonly HashSet<string> MermaidKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "state", "end", "classDef", "class", "style", "direction", "note", "as", "click", "linkStyle", "stateDiagram", "stateDiagram-v2",
        "left", "right", "of", "fork", "join", "choice", "accTitle", "accDescr", "hide", "empty", "description", "default", "TB", "BT", "LR", "RL",
    };

    private static Dictionary<string, string> MermaidIds(JourneyDefinition definition)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in definition.Stages.Select(s => s.Id).Where(k => !MermaidKeywords.Contains(k) && IsPlain(k)))
        {
            if (used.Add(key))
            {
                ids.TryAdd(key, key);
            }
        }

        foreach (var key in definition.Stages.Select(s => s.Id).Where(k => !ids.ContainsKey(k)))
        {
            var stem = "stage_" + new string(key.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
            var id = stem;
            for (var n = 2; !used.Add(id); n++)
            {
                id = stem + "_" + n.ToString(CultureInfo.InvariantCulture);
            }

            ids[key] = id;
        }

        return ids;
    }

    private static bool IsPlain(string key) => key.Length > 0 && char.IsAsciiLetter(key[0]) && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static Dictionary<string, List<StageDefinition>> Children(JourneyDefinition definition)
    {
        var children = new Dictionary<string, List<StageDefinition>>(StringComparer.Ordinal);
        foreach (var stage in definition.Stages.Where(s => s.SuperStage is not null))
        {
            if (!children.TryGetValue(stage.SuperStage!, out var list))
            {
                children[stage.SuperStage!] = list = [];
            }

            list.Add(stage);
        }

        return children;
    }

    private static void AppendComposite(StringBuilder text, string id, Dictionary<string, string> ids, Dictionary<string, List<StageDefinition>> children, int depth, HashSet<string> seen)
    {
        var indent = new string(' ', 4 * depth);
        if (!seen.Add(id) || !children.TryGetValue(id, out var list))
        {
            return;
        }

        text.Append(indent).Append("state ").Append(ids[id]).Append(" {\n");
        foreach (var child in list)
        {
            if (children.ContainsKey(child.Id))
            {
                AppendComposite(text, child.Id, ids, children, depth + 1, seen);
            }
            else
            {
                text.Append(indent).Append("    ").Append(ids[child.Id]).Append('\n');
            }
        }

        text.Append(indent).Append("}\n");
    }

    private static void AppendDotStage(StringBuilder text, JourneyDefinition definition, StageDefinition stage, Dictionary<string, List<StageDefinition>> children, CultureInfo culture, int depth, HashSet<string> seen)
    {
        var indent = new string(' ', 4 * depth);
        if (!seen.Add(stage.Id))
        {
            return;
        }

        if (!children.TryGetValue(stage.Id, out var list))
        {
            text.Append(indent).Append(DotText(stage.Id)).Append(" [label=").Append(DotText(stage.GetDisplayName(culture)))
                .Append(definition.IsGoal(stage.Id) ? ", peripheries=2" : string.Empty).Append("];\n");
            return;
        }

        text.Append(indent).Append("subgraph ").Append(DotText("cluster_" + stage.Id)).Append(" {\n");
        text.Append(indent).Append("    label=").Append(DotText(stage.GetDisplayName(culture))).Append(";\n");
        text.Append(indent).Append("    ").Append(DotText(stage.Id)).Append(" [label=").Append(DotText(stage.GetDisplayName(culture))).Append(", shape=plaintext];\n");
        foreach (var child in list)
        {
            AppendDotStage(text, definition, child, children, culture, depth + 1, seen);
        }

        text.Append(indent).Append("}\n");
    }

    private static string EdgeLabel(TransitionDefinition t) => t.Guard is null ? t.Touchpoint : $"{t.Touchpoint} [{t.Guard}]";

    /// <summary>Text inside a Mermaid label: quotes and line breaks would end it; '#' starts an entity.</summary>
    private static string MermaidText(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '#' => "#35;",
                '"' => "#quot;",
                ';' => "#59;",
                '\n' or '\r' => " ",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    /// <summary>A quoted DOT ID or label.</summary>
    private static string DotText(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ') + "\"";

    private static string Clean(string text) =>
        text.Replace(':', ' ').Replace(';', ' ').Replace('\n', ' ').Replace('\r', ' ').Replace('#', ' ');
}
