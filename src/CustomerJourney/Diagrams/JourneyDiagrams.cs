using System.Globalization;
using System.Text;
using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Internal;
using Stateless.Graph;

namespace CustomerJourney.Diagrams;

/// <summary>
/// Renders journey definitions as diagrams: Mermaid state diagrams and Graphviz DOT through Stateless's graph export,
/// and a Mermaid <c>journey</c> diagram for a map view of stages and touchpoints.
/// </summary>
public static class JourneyDiagrams
{
    /// <summary>Renders the stage graph as a Mermaid state diagram (Stateless's <see cref="MermaidGraph"/>).</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>Mermaid text.</returns>
    public static string ToMermaid(JourneyDefinition definition) =>
        WithoutPlaceholderGuard(MermaidGraph.Format(Machine(definition).GetInfo()));

    /// <summary>Renders the stage graph as Graphviz DOT (Stateless's <see cref="UmlDotGraph"/>).</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>DOT text.</returns>
    public static string ToDot(JourneyDefinition definition) =>
        WithoutPlaceholderGuard(UmlDotGraph.Format(Machine(definition).GetInfo()));

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

    /// <summary>
    /// Stateless puts an always-true guard on unguarded internal transitions and labels it "[Function]"; our guards are
    /// always named (guard names are identifiers, so they cannot contain the brackets), so the label is dropped.
    /// </summary>
    private static string WithoutPlaceholderGuard(string text) => text.Replace(" [Function]", string.Empty, StringComparison.Ordinal);

    private static string Clean(string text) =>
        text.Replace(':', ' ').Replace(';', ' ').Replace('\n', ' ').Replace('\r', ' ').Replace('#', ' ');

    private static Stateless.StateMachine<string, string> Machine(JourneyDefinition definition)
    {
        Guard.NotNull(definition);
        var placeholders = new GuardRegistry();
        foreach (var name in definition.Transitions.Select(t => t.Guard).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            placeholders.Add(name, static _ => false);
        }

        return JourneyEngine.Compile(definition, placeholders).CreateStateMachine();
    }
}
