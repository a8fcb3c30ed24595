using CustomerJourney.Definitions;
using CustomerJourney.Definitions.Rules;
using CustomerJourney.Engine;
using CustomerJourney.Tracking;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerJourney.Testing;

/// <summary>
/// FsCheck generators for any journey definition: event streams that follow it (each step mostly picks a touchpoint that moves the
/// customer on from where the customer stands), with inactivity gaps, several customers, values, segments, unknown touchpoints,
/// duplicates and late events as <see cref="StreamOptions"/> ask; and stage rules about it. Streams are built from small numbers
/// (<see cref="StreamStep"/>), so they shrink to short, plain counterexamples.
/// </summary>
public static class JourneyGenerators
{
    /// <summary>The time generated streams start at.</summary>
    public static DateTimeOffset Epoch { get; } = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The name generated unknown touchpoints have.</summary>
    public const string UnknownTouchpoint = "unknown-touchpoint";

    private static readonly string[] SegmentNames = ["new", "returning", "vip"];

    /// <summary>Event streams for <paramref name="definition"/>.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="options">What the streams contain; <see cref="StreamOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="guards">The definition's guards (they decide which touchpoints move a customer on).</param>
    /// <returns>The generator.</returns>
    public static Gen<JourneyStream> Streams(JourneyDefinition definition, StreamOptions? options = null, GuardRegistry? guards = null)
    {
        var engine = JourneyEngine.Compile(definition, guards);
        var o = options ?? StreamOptions.Default;
        var step = Step(o);
        return Gen.Sized(size => Gen.Choose(0, Math.Min(size, Math.Max(0, o.MaxLength))))
            .SelectMany(n => Gen.ArrayOf(step, n))
            .Select(steps => Build(engine, o, steps));
    }

    /// <summary>Event streams for <paramref name="definition"/> as an FsCheck arbitrary that shrinks them (fewer steps, plainer steps).</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="options">What the streams contain.</param>
    /// <param name="guards">The definition's guards.</param>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<JourneyStream> StreamArbitrary(JourneyDefinition definition, StreamOptions? options = null, GuardRegistry? guards = null)
    {
        var engine = JourneyEngine.Compile(definition, guards);
        var o = options ?? StreamOptions.Default;
        return Arb.From(Streams(definition, o, guards), stream => Shrink(stream).Select(steps => Build(engine, o, steps)));
    }

    /// <summary>Builds the stream a list of steps stands for (what the generator and the shrinker do).</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="steps">The steps.</param>
    /// <param name="options">What the streams contain.</param>
    /// <param name="guards">The definition's guards.</param>
    /// <returns>The stream.</returns>
    public static JourneyStream Build(JourneyDefinition definition, IReadOnlyList<StreamStep> steps, StreamOptions? options = null, GuardRegistry? guards = null) =>
        Build(JourneyEngine.Compile(definition, guards), options ?? StreamOptions.Default, steps);

    /// <summary>Stage rules about <paramref name="definition"/>'s stages, touchpoints and channels, of every kind.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The generator.</returns>
    public static Gen<StageRule> Rules(JourneyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var stages = definition.Stages.Select(s => s.Id).ToArray();
        var touchpoints = definition.Touchpoints.Select(t => t.Id).ToArray();
        var channels = definition.Touchpoints.Select(t => t.Channel).Distinct(StringComparer.Ordinal).ToArray();
        return Gen.OneOf(
            from a in Gen.Elements(stages)
            from b in Gen.Elements(stages)
            select StageRule.NeverBefore(a, b),
            Gen.Elements(stages).Select(StageRule.LeadsToGoal),
            Gen.Constant(StageRule.GoalReachable()),
            from a in Gen.Elements(stages)
            from n in Gen.Choose(1, 3)
            select StageRule.AtMostPasses(a, n),
            from a in Gen.Elements(stages)
            from c in Gen.Elements(channels)
            select StageRule.EnteredOnlyVia(a, c),
            Gen.Elements(touchpoints).Select(StageRule.LapseLeadsToWinBack));
    }

    private static Gen<StreamStep> Step(StreamOptions o) =>
        from customer in Gen.Choose(0, Math.Max(1, o.Customers) - 1)
        from pick in Gen.Choose(0, 31)
        from wander in Gen.Choose(0, 99).Select(x => x < o.Wander * 100)
        from gap in o.InactivityGaps
            ? Gen.Frequency((6, Gen.Constant(0)), (2, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
            : Gen.Frequency((6, Gen.Constant(0)), (2, Gen.Constant(1)))
        from late in o.OutOfOrder ? Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Choose(1, 3))) : Gen.Constant(0)
        from duplicate in o.Duplicates ? Gen.Frequency((7, Gen.Constant(false)), (1, Gen.Constant(true))) : Gen.Constant(false)
        from unknown in o.UnknownTouchpoints ? Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true))) : Gen.Constant(false)
        from value in o.Values ? Gen.Frequency((1, Gen.Constant(-1)), (3, Gen.Choose(0, 200))) : Gen.Constant(-1)
        from segment in o.Segments ? Gen.Choose(-1, SegmentNames.Length - 1) : Gen.Constant(-1)
        select new StreamStep { Customer = customer, Pick = pick, Wander = wander, Gap = gap, Late = late, Duplicate = duplicate, Unknown = unknown, Value = value, Segment = segment };

    private static IEnumerable<StreamStep[]> Shrink(JourneyStream stream)
    {
        var steps = stream.Steps.ToArray();
        if (steps.Length == 0)
        {
            yield break;
        }

        if (steps.Length > 1)
        {
            yield return steps[..(steps.Length / 2)];
            yield return steps[(steps.Length / 2)..];
        }

        for (var i = steps.Length - 1; i >= 0; i--)
        {
            yield return [.. steps[..i], .. steps[(i + 1)..]];
        }

        for (var i = 0; i < steps.Length; i++)
        {
            var s = steps[i];
            foreach (var simpler in Simpler(s))
            {
                var copy = (StreamStep[])steps.Clone();
                copy[i] = simpler;
                yield return copy;
            }
        }
    }

    private static IEnumerable<StreamStep> Simpler(StreamStep s)
    {
        if (s.Duplicate)
        {
            yield return s with { Duplicate = false };
        }

        if (s.Unknown)
        {
            yield return s with { Unknown = false };
        }

        if (s.Late > 0)
        {
            yield return s with { Late = 0 };
        }

        if (s.Value >= 0)
        {
            yield return s with { Value = -1 };
        }

        if (s.Segment >= 0)
        {
            yield return s with { Segment = -1 };
        }

        if (s.Customer > 0)
        {
            yield return s with { Customer = 0 };
        }

        if (s.Wander)
        {
            yield return s with { Wander = false };
        }

        if (s.Gap > 0)
        {
            yield return s with { Gap = s.Gap - 1 };
        }

        if (s.Pick > 0)
        {
            yield return s with { Pick = 0 };
            if (s.Pick > 1)
            {
                yield return s with { Pick = s.Pick / 2 };
            }
        }
    }

    private static JourneyStream Build(JourneyEngine engine, StreamOptions o, IReadOnlyList<StreamStep> steps)
    {
        var definition = engine.Definition;
        var clock = new TestClock(Epoch);
        var scratch = new JourneyTracker(engine, options: null, timeProvider: clock);
        var touchpoints = definition.Touchpoints;
        var longest = definition.InactivityRules.Select(r => r.After).DefaultIfEmpty(TimeSpan.FromDays(1)).Max();
        var now = Epoch;
        var timed = new List<(TouchpointEvent Event, double Key)>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var customer = $"c{step.Customer % Math.Max(1, o.Customers)}";
            decimal? value = o.Values && step.Value >= 0 ? step.Value : null;
            var segment = o.Segments && step.Segment >= 0 ? SegmentNames[step.Segment % SegmentNames.Length] : null;
            clock.Set(now);
            scratch.Advance(now);
            var journey = scratch.GetJourney(customer);
            var stage = journey?.Stage ?? definition.StartStage;
            string touchpoint;
            if (o.UnknownTouchpoints && step.Unknown)
            {
                touchpoint = UnknownTouchpoint;
            }
            else
            {
                var moving = new List<string>();
                if (!step.Wander)
                {
                    foreach (var t in touchpoints)
                    {
                        var context = new GuardContext { CustomerId = customer, Stage = stage, Touchpoint = t.Id, Channel = t.Channel, OccurredAt = now, Value = value, Segment = segment, Journey = journey };
                        if (engine.Fire(stage, t.Id, context).EnteredStage)
                        {
                            moving.Add(t.Id);
                        }
                    }
                }

                touchpoint = moving.Count > 0 ? moving[step.Pick % moving.Count] : touchpoints[step.Pick % touchpoints.Count].Id;
            }

            var e = new TouchpointEvent($"e{i}", customer, touchpoint, now) { Value = value, Segment = segment };
            if (touchpoint != UnknownTouchpoint)
            {
                scratch.Track(e);
            }

            var late = o.OutOfOrder ? step.Late : 0;
            timed.Add((e, i + late));
            if (o.Duplicates && step.Duplicate)
            {
                timed.Add((e, i + late + 1.5));
            }

            var gap = o.InactivityGaps ? step.Gap : Math.Min(step.Gap, 1);
            now += gap switch
            {
                0 => TimeSpan.FromMinutes(1),
                1 => TimeSpan.FromHours(3),
                2 => (LapseAfter(definition, scratch.GetJourney(customer)?.Stage ?? stage) ?? TimeSpan.FromDays(1)) + TimeSpan.FromMinutes(1),
                _ => longest + TimeSpan.FromMinutes(1),
            };
        }

        var events = timed.Select((x, i) => (x.Event, x.Key, i)).OrderBy(x => x.Key).ThenBy(x => x.i).Select(x => x.Event).ToArray();
        return new JourneyStream { Steps = steps.ToArray(), Events = events, EndsAt = now };
    }

    private static TimeSpan? LapseAfter(JourneyDefinition definition, string stage)
    {
        var lineage = new HashSet<string>(StringComparer.Ordinal);
        for (string? s = stage; s is not null && lineage.Add(s); s = definition.TryGetStage(s, out var d) ? d.SuperStage : null)
        {
        }

        var terminal = definition.TryGetStage(stage, out var current) && current.IsTerminal;
        return definition.InactivityRules
            .FirstOrDefault(r => (r.Stage is null ? !terminal : lineage.Contains(r.Stage)) && !string.Equals(r.To, stage, StringComparison.Ordinal))
            ?.After;
    }
}
