using System.Globalization;
using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Tests.Generators;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CustomerJourney.Tests.Definitions;

/// <summary>The rules of issue 2's "Must show", stated as FsCheck properties over generated definitions.</summary>
[Properties(Arbitrary = [typeof(DefinitionArbitraries), typeof(DefinitionPropertyTests.Thinning)])]
public sealed class DefinitionPropertyTests
{
    [Property]
    public void BuilderDefinition_ReadBackFromItsJson_IsEqual(GeneratedJourney journey)
    {
        var built = journey.Build();

        var indented = JourneyJson.Parse(JourneyJson.Serialize(built), journey.Guards);
        var compact = JourneyJson.Parse(JourneyJson.Serialize(built, indented: false), journey.Guards);

        Assert.Equal(built, indented);
        Assert.Equal(built, compact);
        Assert.Equal(built.GetHashCode(), indented.GetHashCode());
        Assert.Equal(journey.CreateUnvalidated(), built); // the builder adds and loses nothing
    }

    [Property]
    public void GeneratedDefinition_EveryStage_IsReachable(GeneratedJourney journey)
    {
        Assert.Empty(journey.Definition.Validate(journey.Guards));
        Assert.Empty(Unreachable(journey.Definition));
    }

    /// <summary>
    /// Some transitions and inactivity rules are dropped from a valid definition, so some stages may become
    /// unreachable. Whatever the validator accepts is reachable, and the stages it reports unreachable are exactly
    /// those an independent breadth-first search cannot reach.
    /// </summary>
    [Property]
    public Property ValidatorAcceptedDefinition_EveryStage_IsReachable(ThinnedJourney thinned)
    {
        var definition = thinned.Definition;

        var result = definition.Validate(thinned.Journey.Guards);

        var unreachable = Unreachable(definition);
        Assert.All(result, e => Assert.Contains(e.Code, new[] { DefinitionErrorCodes.UnreachableStage, DefinitionErrorCodes.DeadEnd }));
        if (result.Count == 0)
        {
            Assert.Empty(unreachable);
        }

        var reported = result.Where(e => e.Code == DefinitionErrorCodes.UnreachableStage).Select(e => StageNamedBy(definition, e)).Order(StringComparer.Ordinal);
        Assert.Equal(unreachable.Order(StringComparer.Ordinal), reported);
        return Prop.ToProperty(true).Classify(result.Count == 0, "still valid").Classify(unreachable.Count > 0, "some stage unreachable");
    }

    [Property]
    public void Validator_DroppedReferencedStage_ReportsEveryReferenceAndWhatBecameUnreachable(GeneratedJourney journey, NonNegativeInt pick)
    {
        var stages = journey.Stages.Select(s => s.ToDefinition()).ToList();
        var candidates = stages.Where(s => stages.Any(o => o.IsGoal && o.Id != s.Id)).ToList();
        var dropped = candidates[pick.Get % candidates.Count]; // a goal stays, so that only references break
        stages.Remove(dropped);
        var mutated = journey.CreateUnvalidated(stages: stages);

        var errors = mutated.Validate(journey.Guards);

        // every reference is reported; references lead nowhere, so stages reached only through the dropped one are
        // reported unreachable too (every error at once), and nothing else is
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Contains(e.Code, new[] { DefinitionErrorCodes.UnknownStage, DefinitionErrorCodes.UnreachableStage }));
        Assert.Contains(errors, e => e.Message.Contains($"'{dropped.Id}'", StringComparison.Ordinal));
        Assert.Equal(ReferencesTo(journey.Definition, dropped.Id), errors.Count(e => e.Code == DefinitionErrorCodes.UnknownStage));
    }

    [Property]
    public void Validator_DuplicatedStageId_ReportsExactlyDuplicateStage(GeneratedJourney journey, NonNegativeInt pick)
    {
        var stages = journey.Stages.Select(s => s.ToDefinition()).ToList();
        var original = stages[pick.Get % stages.Count];
        var copy = new StageDefinition(original.Id, [new("en", "A second declaration")]);
        stages.Insert((pick.Get / stages.Count) % (stages.Count + 1), copy);

        var errors = journey.CreateUnvalidated(stages: stages).Validate(journey.Guards);

        var error = Assert.Single(errors);
        Assert.Equal(DefinitionErrorCodes.DuplicateStage, error.Code);
        Assert.Contains($"'{original.Id}'", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"^stages\[\d+\]\.id$", error.Path);
    }

    [Property]
    public void Validator_DuplicatedTouchpointId_ReportsExactlyDuplicateTouchpoint(GeneratedJourney journey, NonNegativeInt pick)
    {
        var touchpoints = journey.Touchpoints.Select(t => t.ToDefinition()).ToList();
        var original = touchpoints[pick.Get % touchpoints.Count];
        touchpoints.Add(new TouchpointDefinition(original.Id, "email"));

        var errors = journey.CreateUnvalidated(touchpoints: touchpoints).Validate(journey.Guards);

        var error = Assert.Single(errors);
        Assert.Equal(DefinitionErrorCodes.DuplicateTouchpoint, error.Code);
        Assert.Equal($"touchpoints[{touchpoints.Count - 1}].id", error.Path);
        Assert.Contains($"'{original.Id}'", error.Message, StringComparison.Ordinal);
    }

    [Property]
    public void Validator_AddedOrphanStage_ReportsExactlyUnreachableStageNamingIt(GeneratedJourney journey, NonNegativeInt pick, bool nested)
    {
        var stages = journey.Stages.Select(s => s.ToDefinition()).ToList();
        var superStage = nested ? stages[pick.Get % stages.Count].Id : null;
        var position = pick.Get % (stages.Count + 1);
        stages.Insert(position, new StageDefinition("orphan", [new("en", "Orphan")], superStage));

        var errors = journey.CreateUnvalidated(stages: stages).Validate(journey.Guards);

        var error = Assert.Single(errors);
        Assert.Equal(DefinitionErrorCodes.UnreachableStage, error.Code);
        Assert.Equal($"stages[{position}]", error.Path);
        Assert.Contains("'orphan'", error.Message, StringComparison.Ordinal);
    }

    [Property]
    public void Validator_AddedUnguardedDuplicateTransition_ReportsExactlyAmbiguousTransition(GeneratedJourney journey, NonNegativeInt pick)
    {
        var existing = journey.Transitions[pick.Get % journey.Transitions.Count];
        var kind = (TransitionKind)((pick.Get / journey.Transitions.Count) % 4);
        var to = kind == TransitionKind.Permit ? journey.Stages.First(s => s.Id != existing.From).Id : null;
        var transitions = journey.Transitions.Append(new TransitionDefinition { From = existing.From, Touchpoint = existing.Touchpoint, To = to, Kind = kind }).ToList();

        var errors = journey.CreateUnvalidated(transitions: transitions).Validate(journey.Guards);

        var error = Assert.Single(errors);
        Assert.Equal(DefinitionErrorCodes.AmbiguousTransition, error.Code);
        Assert.Equal($"transitions[{transitions.Count - 1}]", error.Path);
        Assert.Contains($"'{existing.From}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{existing.Touchpoint}'", error.Message, StringComparison.Ordinal);
    }

    [Property]
    public Property CompiledEngine_AnyTouchSequence_ReachesTheStageStatelessReaches(JourneyRun run)
    {
        var definition = run.Journey.Definition;
        var engine = JourneyEngine.Compile(definition, run.Journey.Guards);
        var state = definition.StartStage;
        var context = default(GuardContext);
        var machine = engine.CreateStateMachine(() => state, s => state = s, () => context);
        var unhandled = false;
        machine.OnUnhandledTrigger((_, _) => unhandled = true);
        var stage = definition.StartStage;
        var outcomes = new HashSet<FireOutcome>();

        foreach (var touch in run.Touches)
        {
            context = touch.ToContext(definition, state);
            unhandled = false;
            var ambiguous = false;
            try
            {
                machine.Fire(touch.Touchpoint);
            }
            catch (InvalidOperationException)
            {
                ambiguous = true;
            }

            var result = engine.Fire(stage, touch.Touchpoint, touch.ToContext(definition, stage));
            outcomes.Add(result.Outcome);
            var step = $"{touch} in '{result.From}': engine {result.Outcome} to '{result.To}', Stateless to '{state}' (unhandled: {unhandled}, ambiguous: {ambiguous})";

            Assert.True(result.To == state, step);
            Assert.True((result.Outcome == FireOutcome.Unhandled) == unhandled, step);
            Assert.True((result.Outcome == FireOutcome.Ambiguous) == ambiguous, step);
            stage = result.To;
        }

        return Prop.ToProperty(true)
            .Classify(outcomes.Contains(FireOutcome.Ambiguous), "ambiguous")
            .Classify(outcomes.Contains(FireOutcome.Reentered), "re-entered")
            .Classify(definition.Stages.Any(s => s.SuperStage is not null), "super-stages");
    }

    [Property]
    public void FiringAnyTouchSequence_NeverReaches_AStageThatIsNotATransitionTargetOrTheStart(JourneyRun run)
    {
        var definition = run.Journey.Definition;
        var targets = definition.Transitions
            .Where(t => t.Kind is TransitionKind.Permit or TransitionKind.Reentry)
            .Select(t => t.Destination)
            .Append(definition.StartStage)
            .ToHashSet(StringComparer.Ordinal);
        var engine = JourneyEngine.Compile(definition, run.Journey.Guards);
        var stage = definition.StartStage;

        foreach (var touch in run.Touches)
        {
            var result = engine.Fire(stage, touch.Touchpoint, touch.ToContext(definition, stage));
            Assert.Contains(result.To, targets);
            if (result.To != stage)
            {
                Assert.True(result.Outcome is FireOutcome.Transitioned or FireOutcome.Reentered, $"{result.Outcome} moved {stage} to {result.To}");
            }

            stage = result.To;
        }
    }

    /// <summary>
    /// The stages a customer can never be in, by a breadth-first search written independently of <c>StageGraph</c>:
    /// from a stage, every permit or re-entry configured on it or on a super-stage enclosing it, and every inactivity
    /// rule watching it, its super-stages or (with no stage named) every non-terminal stage, leads on. Being in a
    /// stage means being in each super-stage enclosing it.
    /// </summary>
    internal static HashSet<string> Unreachable(JourneyDefinition definition)
    {
        var parent = definition.Stages.ToDictionary(s => s.Id, s => s.SuperStage, StringComparer.Ordinal);
        IEnumerable<string> Lineage(string stage)
        {
            for (string? s = stage; s is not null; s = parent.GetValueOrDefault(s))
            {
                yield return s;
            }
        }

        var entered = new HashSet<string>(StringComparer.Ordinal) { definition.StartStage };
        var queue = new Queue<string>(entered);
        while (queue.TryDequeue(out var current))
        {
            var lineage = Lineage(current).ToList();
            var next = new List<string>();
            foreach (var t in definition.Transitions.Where(t => lineage.Contains(t.From)))
            {
                if (t.Kind == TransitionKind.Permit)
                {
                    next.Add(t.To!);
                }
                else if (t.Kind == TransitionKind.Reentry)
                {
                    next.Add(t.From);
                }
            }

            var terminal = definition.GetStage(current).IsTerminal;
            next.AddRange(definition.InactivityRules.Where(r => r.Stage is null ? !terminal : lineage.Contains(r.Stage)).Select(r => r.To));
            foreach (var stage in next.Where(entered.Add))
            {
                queue.Enqueue(stage);
            }
        }

        var within = entered.SelectMany(Lineage).ToHashSet(StringComparer.Ordinal);
        return definition.Stages.Select(s => s.Id).Where(id => !within.Contains(id)).ToHashSet(StringComparer.Ordinal);
    }

    private static string StageNamedBy(JourneyDefinition definition, DefinitionError error)
    {
        var match = System.Text.RegularExpressions.Regex.Match(error.Path, @"^stages\[(\d+)\]$");
        Assert.True(match.Success, error.Path);
        var id = definition.Stages[int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)].Id;
        Assert.Contains($"'{id}'", error.Message, StringComparison.Ordinal);
        return id;
    }

    private static int ReferencesTo(JourneyDefinition definition, string stage) =>
        (definition.StartStage == stage ? 1 : 0)
        + definition.Stages.Count(s => s.SuperStage == stage)
        + definition.Touchpoints.Sum(t => t.ExpectedStages.Count(s => s == stage))
        + definition.Transitions.Count(t => t.From == stage)
        + definition.Transitions.Count(t => t.To == stage)
        + definition.InactivityRules.Count(r => r.Stage == stage)
        + definition.InactivityRules.Count(r => r.To == stage);

    /// <summary>A generated journey with some transitions and inactivity rules dropped.</summary>
    public sealed record ThinnedJourney(GeneratedJourney Journey, JourneyDefinition Definition)
    {
        /// <inheritdoc />
        public override string ToString() => JourneyJson.Serialize(Definition, indented: false);
    }

    /// <summary>Arbitrary <see cref="ThinnedJourney"/> values.</summary>
    public static class Thinning
    {
        /// <summary>Drops each transition with probability 1/5 and each inactivity rule with probability 1/2.</summary>
        public static Arbitrary<ThinnedJourney> ThinnedJourney() =>
            (from journey in DefinitionGenerators.Journeys
             from keepTransition in Gen.ArrayOf(Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false))), journey.Transitions.Count)
             from keepRule in Gen.ArrayOf(Gen.Elements(true, false), journey.InactivityRules.Count)
             select new ThinnedJourney(
                 journey,
                 journey.CreateUnvalidated(
                     transitions: journey.Transitions.Where((_, i) => keepTransition[i]),
                     inactivityRules: journey.InactivityRules.Where((_, i) => keepRule[i]))))
            .ToArbitrary();
    }
}
