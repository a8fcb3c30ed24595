using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;

namespace CustomerJourney.Definitions;

/// <summary>
/// The one validator of journey definitions, used by <see cref="JourneyBuilder"/> and <see cref="JourneyJson"/> alike.
/// It reports every error at once, each naming the element (property path and identifier) it concerns.
/// Graph rules (reachability, dead ends) run whenever there is a known start stage and no super-stage cycle; references
/// to unknown stages lead nowhere there, so that one mistake is reported once rather than as a cascade.
/// FluentValidation stays inside the library: the public entry point is <see cref="JourneyDefinition.Validate(GuardRegistry?)"/>,
/// which reports <see cref="DefinitionError"/>s.
/// </summary>
internal sealed partial class JourneyDefinitionValidator : AbstractValidator<JourneyDefinition>
{
    private readonly GuardRegistry? _guards;

    /// <summary>Creates a validator.</summary>
    /// <param name="guards">
    /// The guards the definition will be bound to; when given, guard names missing from it are errors.
    /// When <see langword="null"/>, guard names are checked when the definition is compiled.
    /// </param>
    public JourneyDefinitionValidator(GuardRegistry? guards = null)
    {
        _guards = guards;
        RuleFor(d => d.Version).GreaterThanOrEqualTo(1).OverridePropertyName("version").WithErrorCode(DefinitionErrorCodes.InvalidVersion)
            .WithMessage("The version must be 1 or more; it is {PropertyValue}.");
        RuleFor(d => d.Stages.Count).LessThanOrEqualTo(JourneyDefinition.MaxStages).OverridePropertyName("stages")
            .WithErrorCode(DefinitionErrorCodes.TooMany).WithMessage($"A definition may have at most {JourneyDefinition.MaxStages} stages; it has {{PropertyValue}}.");
        RuleFor(d => d.Touchpoints.Count).LessThanOrEqualTo(JourneyDefinition.MaxTouchpoints).OverridePropertyName("touchpoints")
            .WithErrorCode(DefinitionErrorCodes.TooMany).WithMessage($"A definition may have at most {JourneyDefinition.MaxTouchpoints} touchpoints; it has {{PropertyValue}}.");
        RuleFor(d => d.Transitions.Count).LessThanOrEqualTo(JourneyDefinition.MaxTransitions).OverridePropertyName("transitions")
            .WithErrorCode(DefinitionErrorCodes.TooMany).WithMessage($"A definition may have at most {JourneyDefinition.MaxTransitions} transitions; it has {{PropertyValue}}.");
        RuleFor(d => d).Custom((definition, context) =>
        {
            var failures = new List<ValidationFailure>();
            CheckId(failures, definition.Name, "name", "The definition's name", DefinitionErrorCodes.MissingName);
            ValidateElements(definition, failures);
            ValidateGraph(definition, failures);
            failures.AddRange(Rules.StageRuleValidator.Validate(definition, definition.Rules));
            foreach (var failure in failures)
            {
                context.AddFailure(failure);
            }
        });
    }

    /// <summary>Every error of <paramref name="definition"/>, as the library reports them.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The errors; empty when the definition is valid.</returns>
    internal IReadOnlyList<DefinitionError> Check(JourneyDefinition definition)
    {
        var failures = Validate(definition).Errors;
        if (failures.Count == 0)
        {
            return [];
        }

        var errors = new DefinitionError[failures.Count];
        for (var i = 0; i < errors.Length; i++)
        {
            errors[i] = ToError(failures[i]);
        }

        return errors;
    }

    internal static DefinitionError ToError(ValidationFailure failure) =>
        new() { Code = failure.ErrorCode, Path = failure.PropertyName, Message = failure.ErrorMessage };

    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N}_.:-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    private static bool CheckId(List<ValidationFailure> ctx, string? id, string path, string what, string emptyCode = DefinitionErrorCodes.EmptyId)
    {
        if (string.IsNullOrEmpty(id))
        {
            Add(ctx, path, emptyCode, $"{what} is empty.");
            return false;
        }

        if (id.Length > JourneyDefinition.MaxIdLength)
        {
            Add(ctx, path, DefinitionErrorCodes.IdTooLong, $"{what} '{Truncate(id)}' is {id.Length} characters long; at most {JourneyDefinition.MaxIdLength} are allowed.");
            return false;
        }

        if (!IdPattern().IsMatch(id))
        {
            Add(ctx, path, DefinitionErrorCodes.InvalidId, $"{what} '{id}' must start with a letter or digit and contain only letters, digits, '_', '.', ':' and '-'.");
            return false;
        }

        return true;
    }

    private static void CheckText(List<ValidationFailure> ctx, string? text, string path, string what, int max = 2000)
    {
        if (text is not null && (text.Length == 0 || text.Length > max))
        {
            Add(ctx, path, DefinitionErrorCodes.InvalidText, $"{what} must be 1 to {max} characters long; it is {text.Length}.");
        }
    }

    private static string Truncate(string id) => id.Length <= 80 ? id : string.Concat(id.AsSpan(0, 77), "...");

    private static void Add(List<ValidationFailure> ctx, string path, string code, string message) =>
        ctx.Add(new ValidationFailure(path, message) { ErrorCode = code });

    private void ValidateElements(JourneyDefinition d, List<ValidationFailure> ctx)
    {
        var stageIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < d.Stages.Count; i++)
        {
            var stage = d.Stages[i];
            var path = $"stages[{i}]";
            if (CheckId(ctx, stage.Id, path + ".id", $"The id of {path}") && !stageIndex.TryAdd(stage.Id, i))
            {
                Add(ctx, path + ".id", DefinitionErrorCodes.DuplicateStage, $"Stage '{stage.Id}' is declared twice (first at stages[{stageIndex[stage.Id]}]).");
            }

            foreach (var (culture, name) in stage.DisplayNames)
            {
                if (name is null)
                {
                    Add(ctx, $"{path}.names.{culture}", DefinitionErrorCodes.InvalidText, $"The {culture} display name of stage '{stage.Id}' is null.");
                    continue;
                }

                CheckText(ctx, name, $"{path}.names.{culture}", $"The {culture} display name of stage '{stage.Id}'", 200);
            }

            CheckText(ctx, stage.Description, path + ".description", $"The description of stage '{stage.Id}'");
        }

        var touchpointIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < d.Touchpoints.Count; i++)
        {
            var touchpoint = d.Touchpoints[i];
            var path = $"touchpoints[{i}]";
            if (CheckId(ctx, touchpoint.Id, path + ".id", $"The id of {path}") && !touchpointIndex.TryAdd(touchpoint.Id, i))
            {
                Add(ctx, path + ".id", DefinitionErrorCodes.DuplicateTouchpoint, $"Touchpoint '{touchpoint.Id}' is declared twice (first at touchpoints[{touchpointIndex[touchpoint.Id]}]).");
            }

            if (string.IsNullOrWhiteSpace(touchpoint.Channel))
            {
                Add(ctx, path + ".channel", DefinitionErrorCodes.MissingChannel, $"Touchpoint '{touchpoint.Id}' has no channel.");
            }
            else
            {
                CheckId(ctx, touchpoint.Channel, path + ".channel", $"The channel of touchpoint '{touchpoint.Id}'");
            }

            CheckText(ctx, touchpoint.Owner, path + ".owner", $"The owner of touchpoint '{touchpoint.Id}'", 200);
            CheckText(ctx, touchpoint.Task, path + ".task", $"The task of touchpoint '{touchpoint.Id}'");
            CheckText(ctx, touchpoint.Description, path + ".description", $"The description of touchpoint '{touchpoint.Id}'");
            for (var k = 0; k < touchpoint.Kpis.Count; k++)
            {
                var kpi = touchpoint.Kpis[k];
                if (string.IsNullOrWhiteSpace(kpi.Name) || kpi.Name.Length > 200 || string.IsNullOrWhiteSpace(kpi.Unit) || kpi.Unit.Length > 50
                    || !Enum.IsDefined(kpi.Metric) || !Enum.IsDefined(kpi.Direction))
                {
                    Add(ctx, $"{path}.kpis[{k}]", DefinitionErrorCodes.InvalidKpi,
                        $"KPI {k} of touchpoint '{touchpoint.Id}' needs a name (1-200 characters), a unit (1-50 characters), a known metric and direction.");
                }
            }
        }

        for (var i = 0; i < d.Transitions.Count; i++)
        {
            var t = d.Transitions[i];
            var path = $"transitions[{i}]";
            if (!Enum.IsDefined(t.Kind))
            {
                Add(ctx, path + ".kind", DefinitionErrorCodes.InvalidDestination, $"Transition {i} has an unknown kind ({(int)t.Kind}).");
            }
            else if (t.Kind == TransitionKind.Permit && string.IsNullOrEmpty(t.To))
            {
                Add(ctx, path + ".to", DefinitionErrorCodes.InvalidDestination, $"Permit transition from '{t.From}' on '{t.Touchpoint}' has no destination stage.");
            }
            else if (t.Kind != TransitionKind.Permit && t.To is not null)
            {
                Add(ctx, path + ".to", DefinitionErrorCodes.InvalidDestination,
                    $"{t.Kind} transition from '{t.From}' on '{t.Touchpoint}' must not name a destination ('{t.To}'); only permit transitions move to another stage.");
            }
            else if (t.Kind == TransitionKind.Permit && string.Equals(t.From, t.To, StringComparison.Ordinal))
            {
                Add(ctx, path + ".to", DefinitionErrorCodes.SelfPermit,
                    $"Permit transition from '{t.From}' on '{t.Touchpoint}' leads back to '{t.From}'; use a reentry or internal transition.");
            }

            if (t.Guard is not null && CheckId(ctx, t.Guard, path + ".guard", $"The guard of transition {i}") && _guards is not null && !_guards.Contains(t.Guard))
            {
                Add(ctx, path + ".guard", DefinitionErrorCodes.UnknownGuard, $"Transition from '{t.From}' on '{t.Touchpoint}' names guard '{t.Guard}', which is not bound.");
            }
        }

        for (var i = 0; i < d.InactivityRules.Count; i++)
        {
            var rule = d.InactivityRules[i];
            if (rule.After <= TimeSpan.Zero)
            {
                Add(ctx, $"inactivity[{i}].after", DefinitionErrorCodes.InvalidInactivityRule, $"Inactivity rule {i} must wait a positive time; it waits {rule.After}.");
            }
            else if (rule.After > TimeSpan.FromDays(JourneyDefinition.MaxInactivityDays))
            {
                Add(ctx, $"inactivity[{i}].after", DefinitionErrorCodes.InvalidInactivityRule,
                    $"Inactivity rule {i} must wait at most {JourneyDefinition.MaxInactivityDays} days; it waits {(rule.After == TimeSpan.MaxValue ? "longer" : rule.After.TotalDays.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " days")}.");
            }
        }
    }

    private static void ValidateGraph(JourneyDefinition d, List<ValidationFailure> ctx)
    {
        var stages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in d.Stages)
        {
            stages.Add(s.Id);
        }

        var touchpoints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tp in d.Touchpoints)
        {
            touchpoints.Add(tp.Id);
        }

        if (string.IsNullOrEmpty(d.StartStage))
        {
            Add(ctx, "start", DefinitionErrorCodes.MissingStartStage, "No start stage is set.");
        }
        else if (!stages.Contains(d.StartStage))
        {
            Add(ctx, "start", DefinitionErrorCodes.UnknownStage, $"The start stage '{d.StartStage}' is not a stage of the definition.");
        }

        if (d.Stages.Count > 0 && !d.Stages.Any(s => s.IsGoal))
        {
            Add(ctx, "stages", DefinitionErrorCodes.MissingGoalStage, "No stage is a goal stage; mark the stage(s) that count as converted.");
        }

        for (var i = 0; i < d.Stages.Count; i++)
        {
            var s = d.Stages[i];
            if (s.SuperStage is not null && !stages.Contains(s.SuperStage))
            {
                Add(ctx, $"stages[{i}].superStage", DefinitionErrorCodes.UnknownStage, $"Stage '{s.Id}' names super-stage '{s.SuperStage}', which is not a stage.");
            }
        }

        for (var i = 0; i < d.Touchpoints.Count; i++)
        {
            var tp = d.Touchpoints[i];
            for (var k = 0; k < tp.ExpectedStages.Count; k++)
            {
                if (!stages.Contains(tp.ExpectedStages[k]))
                {
                    Add(ctx, $"touchpoints[{i}].stages[{k}]", DefinitionErrorCodes.UnknownStage, $"Touchpoint '{tp.Id}' expects stage '{tp.ExpectedStages[k]}', which is not a stage.");
                }
            }
        }

        for (var i = 0; i < d.Transitions.Count; i++)
        {
            var t = d.Transitions[i];
            if (!stages.Contains(t.From))
            {
                Add(ctx, $"transitions[{i}].from", DefinitionErrorCodes.UnknownStage, $"Transition {i} starts from '{t.From}', which is not a stage.");
            }

            if (t.To is not null && !stages.Contains(t.To))
            {
                Add(ctx, $"transitions[{i}].to", DefinitionErrorCodes.UnknownStage, $"Transition {i} from '{t.From}' on '{t.Touchpoint}' leads to '{t.To}', which is not a stage.");
            }

            if (!touchpoints.Contains(t.Touchpoint))
            {
                Add(ctx, $"transitions[{i}].on", DefinitionErrorCodes.UnknownTouchpoint, $"Transition {i} from '{t.From}' is triggered by '{t.Touchpoint}', which is not a touchpoint.");
            }
        }

        for (var i = 0; i < d.InactivityRules.Count; i++)
        {
            var rule = d.InactivityRules[i];
            if (rule.Stage is not null && !stages.Contains(rule.Stage))
            {
                Add(ctx, $"inactivity[{i}].stage", DefinitionErrorCodes.UnknownStage, $"Inactivity rule {i} watches '{rule.Stage}', which is not a stage.");
            }

            if (!stages.Contains(rule.To))
            {
                Add(ctx, $"inactivity[{i}].to", DefinitionErrorCodes.UnknownStage, $"Inactivity rule {i} moves customers to '{rule.To}', which is not a stage.");
            }
        }

        CheckAmbiguity(d, ctx);
        var hasCycle = CheckSuperStageCycles(d, ctx);
        if (hasCycle || !stages.Contains(d.StartStage))
        {
            return; // reachability needs a start and a super-stage tree; other mistakes are skipped over (unknown targets lead nowhere)
        }

        CheckReachabilityAndDeadEnds(d, ctx);
    }

    private static void CheckAmbiguity(JourneyDefinition d, List<ValidationFailure> ctx)
    {
        var groups = new Dictionary<(string, string), List<int>>();
        for (var i = 0; i < d.Transitions.Count; i++)
        {
            var key = (d.Transitions[i].From, d.Transitions[i].Touchpoint);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }

            list.Add(i);
        }

        foreach (var ((from, on), list) in groups)
        {
            if (list.Count < 2)
            {
                continue;
            }

            var seenGuards = new HashSet<string>(StringComparer.Ordinal);
            var unguarded = list.Where(i => d.Transitions[i].Guard is null).ToList();
            foreach (var i in list)
            {
                var t = d.Transitions[i];
                if (t.Guard is null)
                {
                    if (i != unguarded[0] || unguarded.Count == 1)
                    {
                        Add(ctx, $"transitions[{i}]", DefinitionErrorCodes.AmbiguousTransition,
                            $"Stage '{from}' handles touchpoint '{on}' in {list.Count} transitions and transition {i} has no guard, so more than one may apply.");
                    }
                }
                else if (!seenGuards.Add(t.Guard))
                {
                    Add(ctx, $"transitions[{i}]", DefinitionErrorCodes.AmbiguousTransition,
                        $"Stage '{from}' handles touchpoint '{on}' twice under the same guard '{t.Guard}'.");
                }
            }
        }
    }

    private static bool CheckSuperStageCycles(JourneyDefinition d, List<ValidationFailure> ctx)
    {
        var parent = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var s in d.Stages)
        {
            parent.TryAdd(s.Id, s.SuperStage);
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        var found = false;
        for (var i = 0; i < d.Stages.Count; i++)
        {
            var start = d.Stages[i].Id;
            var seen = new List<string>();
            for (string? id = start; id is not null && parent.TryGetValue(id, out var p); id = p)
            {
                if (seen.Contains(id, StringComparer.Ordinal))
                {
                    var cycle = seen.SkipWhile(x => !string.Equals(x, id, StringComparison.Ordinal)).ToList();
                    found = true;
                    if (cycle.All(reported.Add))
                    {
                        var first = d.Stages.Select((st, idx) => (st, idx)).First(x => cycle.Contains(x.st.Id, StringComparer.Ordinal));
                        Add(ctx, $"stages[{first.idx}].superStage", DefinitionErrorCodes.SuperStageCycle,
                            $"Super-stages form a cycle: {string.Join(" -> ", cycle.Append(cycle[0]))}; Stateless rejects cyclic superstates.");
                    }

                    break;
                }

                seen.Add(id);
            }
        }

        return found;
    }

    private static void CheckReachabilityAndDeadEnds(JourneyDefinition d, List<ValidationFailure> ctx)
    {
        var graph = StageGraph.Build(d);
        var reachable = graph.Reachable();
        // a stage declared more than once is reported once, as a duplicate: which declaration holds is unknown
        var once = d.Stages.GroupBy(s => s.Id, StringComparer.Ordinal).Where(g => g.Count() == 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var declared = d.Stages.Select(s => once.Contains(s.Id)).ToArray();
        for (var i = 0; i < d.Stages.Count; i++)
        {
            var stage = d.Stages[i];
            if (declared[i] && !reachable.Contains(stage.Id) && !graph.Descendants(stage.Id).Any(reachable.Contains))
            {
                Add(ctx, $"stages[{i}]", DefinitionErrorCodes.UnreachableStage, $"Stage '{stage.Id}' cannot be reached from the start stage '{d.StartStage}'.");
            }
        }

        for (var i = 0; i < d.Stages.Count; i++)
        {
            var stage = d.Stages[i];
            // a stage inside an unknown super-stage inherits exits nobody knows: that is the unknown stage's error, not a dead end
            var knownLineage = graph.SelfAndAncestors(stage.Id).All(a => d.Stages.Any(x => string.Equals(x.Id, a, StringComparison.Ordinal)));
            if (declared[i] && knownLineage && reachable.Contains(stage.Id) && !stage.IsTerminal && !graph.Exits(stage.Id).Any(x => !string.Equals(x, stage.Id, StringComparison.Ordinal)))
            {
                Add(ctx, $"stages[{i}]", DefinitionErrorCodes.DeadEnd,
                    $"Stage '{stage.Id}' has no way out; add a transition to another stage or mark it terminal.");
            }
        }
    }
}
