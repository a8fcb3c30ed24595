using System.Globalization;
using CustomerJourney.Internal;

namespace CustomerJourney.Definitions;

/// <summary>
/// What changed in the graph between two definitions: stages, touchpoints, transitions and inactivity rules added,
/// removed, retargeted or changed. Transitions are matched by stage, touchpoint and guard; inactivity rules by the stage
/// they watch. Order: definition, stages, touchpoints, transitions, inactivity rules; within each, removals in the old
/// definition's order, then additions and changes in the new definition's order.
/// </summary>
public sealed class DefinitionDiff
{
    private DefinitionDiff(JourneyDefinition before, JourneyDefinition after, IReadOnlyList<DefinitionChange> changes)
    {
        Before = before;
        After = after;
        BeforeVersion = DefinitionVersion.Of(before);
        AfterVersion = DefinitionVersion.Of(after);
        Changes = changes;
    }

    /// <summary>The old definition.</summary>
    public JourneyDefinition Before { get; }

    /// <summary>The new definition.</summary>
    public JourneyDefinition After { get; }

    /// <summary>The old definition's version.</summary>
    public DefinitionVersion BeforeVersion { get; }

    /// <summary>The new definition's version.</summary>
    public DefinitionVersion AfterVersion { get; }

    /// <summary>The changes; empty when the graphs are the same.</summary>
    public IReadOnlyList<DefinitionChange> Changes { get; }

    /// <summary>Whether any change can move a customer to another stage when history is folded again.</summary>
    public bool AffectsStages => Changes.Any(c => c.AffectsStages);

    /// <summary>Compares two definitions.</summary>
    /// <param name="before">The old definition.</param>
    /// <param name="after">The new definition.</param>
    /// <returns>The differences.</returns>
    public static DefinitionDiff Compare(JourneyDefinition before, JourneyDefinition after)
    {
        Guard.NotNull(before);
        Guard.NotNull(after);
        var changes = new List<DefinitionChange>();
        CompareDefinition(before, after, changes);
        Match(
            changes,
            DefinitionElement.Stage,
            before.Stages.Select(s => (s.Id, s)),
            after.Stages.Select(s => (s.Id, s)),
            StageSummary,
            (a, b) => Properties(
                ("goal", a.IsGoal, b.IsGoal, true),
                ("terminal", a.IsTerminal, b.IsTerminal, true),
                ("superStage", a.SuperStage ?? "-", b.SuperStage ?? "-", true),
                ("names", Names(a.DisplayNames), Names(b.DisplayNames), false),
                ("description", a.Description ?? "-", b.Description ?? "-", false)),
            affectsWhenAddedOrRemoved: true);
        Match(
            changes,
            DefinitionElement.Touchpoint,
            before.Touchpoints.Select(t => (t.Id, t)),
            after.Touchpoints.Select(t => (t.Id, t)),
            t => "channel " + t.Channel,
            (a, b) => Properties(
                ("channel", a.Channel, b.Channel, false),
                ("expectedStages", string.Join(",", a.ExpectedStages), string.Join(",", b.ExpectedStages), false),
                ("owner", a.Owner ?? "-", b.Owner ?? "-", false),
                ("task", a.Task ?? "-", b.Task ?? "-", false),
                ("kpis", Kpis(a.Kpis), Kpis(b.Kpis), false),
                ("description", a.Description ?? "-", b.Description ?? "-", false)),
            affectsWhenAddedOrRemoved: true);
        MatchTransitions(before, after, changes);
        MatchInactivity(before, after, changes);
        return new DefinitionDiff(before, after, changes);
    }

    /// <summary>The key of a transition: <c>STAGE --TOUCHPOINT--&gt;</c>, with <c>[GUARD]</c> when guarded.</summary>
    /// <param name="transition">The transition.</param>
    /// <returns>The key.</returns>
    public static string TransitionId(TransitionDefinition transition)
    {
        Guard.NotNull(transition);
        return transition.Guard is null ? $"{transition.From} --{transition.Touchpoint}-->" : $"{transition.From} --{transition.Touchpoint} [{transition.Guard}]-->";
    }

    private static void CompareDefinition(JourneyDefinition before, JourneyDefinition after, List<DefinitionChange> changes)
    {
        if (!string.Equals(before.Name, after.Name, StringComparison.Ordinal))
        {
            changes.Add(new DefinitionChange { Element = DefinitionElement.Definition, Kind = DefinitionChangeKind.Changed, Id = "name", Before = before.Name, After = after.Name, AffectsStages = false });
        }

        if (before.Version != after.Version)
        {
            changes.Add(new DefinitionChange
            {
                Element = DefinitionElement.Definition,
                Kind = DefinitionChangeKind.Changed,
                Id = "version",
                Before = before.Version.ToString(CultureInfo.InvariantCulture),
                After = after.Version.ToString(CultureInfo.InvariantCulture),
                AffectsStages = false,
            });
        }

        if (!string.Equals(before.StartStage, after.StartStage, StringComparison.Ordinal))
        {
            changes.Add(new DefinitionChange { Element = DefinitionElement.Definition, Kind = DefinitionChangeKind.Retargeted, Id = "start", Before = before.StartStage, After = after.StartStage, AffectsStages = true });
        }

        if (!string.Equals(before.Description, after.Description, StringComparison.Ordinal))
        {
            changes.Add(new DefinitionChange { Element = DefinitionElement.Definition, Kind = DefinitionChangeKind.Changed, Id = "description", Before = before.Description ?? "-", After = after.Description ?? "-", AffectsStages = false });
        }
    }

    private static void MatchTransitions(JourneyDefinition before, JourneyDefinition after, List<DefinitionChange> changes)
    {
        var old = First(before.Transitions.Select(t => (TransitionId(t), t)));
        var now = First(after.Transitions.Select(t => (TransitionId(t), t)));
        foreach (var (id, t) in old)
        {
            if (!now.ContainsKey(id))
            {
                changes.Add(new DefinitionChange { Element = DefinitionElement.Transition, Kind = DefinitionChangeKind.Removed, Id = id, Before = TransitionSummary(t), AffectsStages = true });
            }
        }

        foreach (var (id, t) in now)
        {
            if (!old.TryGetValue(id, out var was))
            {
                changes.Add(new DefinitionChange { Element = DefinitionElement.Transition, Kind = DefinitionChangeKind.Added, Id = id, After = TransitionSummary(t), AffectsStages = true });
            }
            else if (was.Kind != t.Kind || !string.Equals(was.To, t.To, StringComparison.Ordinal))
            {
                var kind = was.Kind == TransitionKind.Permit && t.Kind == TransitionKind.Permit ? DefinitionChangeKind.Retargeted : DefinitionChangeKind.Changed;
                changes.Add(new DefinitionChange { Element = DefinitionElement.Transition, Kind = kind, Id = id, Before = TransitionSummary(was), After = TransitionSummary(t), AffectsStages = true });
            }
        }
    }

    private static void MatchInactivity(JourneyDefinition before, JourneyDefinition after, List<DefinitionChange> changes)
    {
        var old = First(Keyed(before.InactivityRules));
        var now = First(Keyed(after.InactivityRules));
        foreach (var (id, rule) in old)
        {
            if (!now.ContainsKey(id))
            {
                changes.Add(new DefinitionChange { Element = DefinitionElement.InactivityRule, Kind = DefinitionChangeKind.Removed, Id = id, Before = RuleSummary(rule), AffectsStages = true });
            }
        }

        foreach (var (id, rule) in now)
        {
            if (!old.TryGetValue(id, out var was))
            {
                changes.Add(new DefinitionChange { Element = DefinitionElement.InactivityRule, Kind = DefinitionChangeKind.Added, Id = id, After = RuleSummary(rule), AffectsStages = true });
            }
            else if (was != rule)
            {
                var kind = string.Equals(was.To, rule.To, StringComparison.Ordinal) ? DefinitionChangeKind.Changed : DefinitionChangeKind.Retargeted;
                changes.Add(new DefinitionChange { Element = DefinitionElement.InactivityRule, Kind = kind, Id = id, Before = RuleSummary(was), After = RuleSummary(rule), AffectsStages = true });
            }
        }

        // rules on one stage are told apart by their place among that stage's rules: "purchase", "purchase#2", ...
        static IEnumerable<(string, InactivityRule)> Keyed(IReadOnlyList<InactivityRule> rules)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var rule in rules)
            {
                var stage = rule.Stage ?? "*";
                var n = seen[stage] = seen.GetValueOrDefault(stage) + 1;
                yield return (n == 1 ? stage : string.Create(CultureInfo.InvariantCulture, $"{stage}#{n}"), rule);
            }
        }
    }

    private static void Match<T>(
        List<DefinitionChange> changes,
        DefinitionElement element,
        IEnumerable<(string Id, T Item)> before,
        IEnumerable<(string Id, T Item)> after,
        Func<T, string> summary,
        Func<T, T, (string Before, string After, bool Affects)?> compare,
        bool affectsWhenAddedOrRemoved)
    {
        var old = First(before);
        var now = First(after);
        foreach (var (id, item) in old)
        {
            if (!now.ContainsKey(id))
            {
                changes.Add(new DefinitionChange { Element = element, Kind = DefinitionChangeKind.Removed, Id = id, Before = summary(item), AffectsStages = affectsWhenAddedOrRemoved });
            }
        }

        foreach (var (id, item) in now)
        {
            if (!old.TryGetValue(id, out var was))
            {
                changes.Add(new DefinitionChange { Element = element, Kind = DefinitionChangeKind.Added, Id = id, After = summary(item), AffectsStages = affectsWhenAddedOrRemoved });
            }
            else if (compare(was, item) is { } changed)
            {
                changes.Add(new DefinitionChange { Element = element, Kind = DefinitionChangeKind.Changed, Id = id, Before = changed.Before, After = changed.After, AffectsStages = changed.Affects });
            }
        }
    }

    /// <summary>The properties that differ, as <c>name=value</c> lists before and after; <see langword="null"/> when none does.</summary>
    private static (string Before, string After, bool Affects)? Properties(params (string Name, object Before, object After, bool Affects)[] properties)
    {
        var differing = properties.Where(p => !Equals(p.Before, p.After)).ToArray();
        if (differing.Length == 0)
        {
            return null;
        }

        return (
            string.Join(", ", differing.Select(p => FormattableString.Invariant($"{p.Name}={Text(p.Before)}"))),
            string.Join(", ", differing.Select(p => FormattableString.Invariant($"{p.Name}={Text(p.After)}"))),
            differing.Any(p => p.Affects));

        static string Text(object value) => value is bool b ? (b ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "-";
    }

    /// <summary>The first item of each id, in order (ids are unique in valid definitions).</summary>
    private static Dictionary<string, T> First<T>(IEnumerable<(string Id, T Item)> items)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (id, item) in items)
        {
            result.TryAdd(id, item);
        }

        return result;
    }

    private static string StageSummary(StageDefinition stage)
    {
        var parts = new List<string>();
        if (stage.IsGoal)
        {
            parts.Add("goal");
        }

        if (stage.IsTerminal)
        {
            parts.Add("terminal");
        }

        if (stage.SuperStage is not null)
        {
            parts.Add("in " + stage.SuperStage);
        }

        return parts.Count == 0 ? "stage" : string.Join(", ", parts);
    }

    private static string Names(IReadOnlyDictionary<string, string> names) =>
        names.Count == 0 ? "-" : string.Join(";", names.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => n.Key + ":" + n.Value));

    private static string Kpis(IReadOnlyList<KpiDefinition> kpis) =>
        kpis.Count == 0 ? "-" : string.Join("; ", kpis.Select(k => FormattableString.Invariant($"{k.Name} {k.Metric} {k.Direction} {k.Target} {k.Unit}")));

    private static string TransitionSummary(TransitionDefinition transition) => transition.Kind switch
    {
        TransitionKind.Permit => "to " + transition.To,
        TransitionKind.Reentry => "re-entry",
        TransitionKind.Internal => "internal",
        _ => "ignore",
    };

    private static string RuleSummary(InactivityRule rule) =>
        FormattableString.Invariant($"after {rule.After.TotalDays:0.##} days to {rule.To}");
}
