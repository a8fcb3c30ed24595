using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Tracking;

namespace CustomerJourney.Analytics;

/// <summary>
/// Funnels over an ordered list of stages. A customer reached step N when their visits contain the funnel's stages
/// 0..N in that order (a subsequence; other stages may come between), so counts never increase along the funnel.
/// One pass over the journeys; no allocation per journey.
/// </summary>
/// <remarks>
/// A definition's funnel (<see cref="Stages(JourneyDefinition)"/>) is its stages in declaration order without the stages a
/// customer can only enter through an inactivity rule (such as <c>lapsed</c>): those record that a customer went quiet, not a
/// step towards the goal. Conversion is measured to the first goal stage of the funnel (the last stage when it has none).
/// The CLI's <c>journey funnel</c>, the HTML report and the dashboard all use this funnel.
/// </remarks>
public static class FunnelAnalysis
{
    /// <summary>
    /// The stages of <paramref name="definition"/>'s funnel, in declaration order: every stage except those entered only
    /// through inactivity rules (a stage is kept when it is the start stage, the target of a permit transition, or the
    /// target of no inactivity rule).
    /// </summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The funnel's stage ids.</returns>
    public static IReadOnlyList<string> Stages(JourneyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var permitted = definition.Transitions.Where(t => t.Kind == TransitionKind.Permit && t.To is not null).Select(t => t.To!).ToHashSet(StringComparer.Ordinal);
        var inactive = definition.InactivityRules.Select(r => r.To).ToHashSet(StringComparer.Ordinal);
        return definition.Stages
            .Where(s => s.Id == definition.StartStage || permitted.Contains(s.Id) || !inactive.Contains(s.Id))
            .Select(s => s.Id)
            .ToArray();
    }

    /// <summary>The funnel of <paramref name="definition"/>: over <see cref="Stages(JourneyDefinition)"/>, converting at its first goal stage.</summary>
    /// <param name="journeys">The journeys.</param>
    /// <param name="definition">The definition whose stages form the funnel.</param>
    /// <param name="options">Window, filter, passes; a <see cref="FunnelOptions.GoalStage"/> given here wins. The defaults when <see langword="null"/>.</param>
    /// <returns>The funnel.</returns>
    /// <exception cref="ArgumentException">The options are invalid (<see cref="FunnelOptions.Validate"/>; the message names every problem).</exception>
    public static FunnelReport Compute(IEnumerable<Journey> journeys, JourneyDefinition definition, FunnelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var stages = Stages(definition);
        options = options is null ? new FunnelOptions() : Checked(options);
        if (options.GoalStage is null)
        {
            var goal = stages.FirstOrDefault(id => definition.Stages.Any(s => s.Id == id && s.IsGoal));
            options.GoalStage = goal ?? stages[^1];
        }

        return Compute(journeys, stages, options);
    }

    /// <summary>The funnel over the given stages, in order.</summary>
    /// <param name="journeys">The journeys.</param>
    /// <param name="stages">The funnel's stages, distinct, at least one.</param>
    /// <param name="options">Window, filter, passes; the defaults when <see langword="null"/>.</param>
    /// <returns>The funnel.</returns>
    /// <exception cref="ArgumentException">No stages, a stage repeats, <see cref="FunnelOptions.GoalStage"/> is not one of them, or the options are invalid (<see cref="FunnelOptions.Validate"/>; the message names every problem).</exception>
    public static FunnelReport Compute(IEnumerable<Journey> journeys, IReadOnlyList<string> stages, FunnelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(journeys);
        ArgumentNullException.ThrowIfNull(stages);
        if (stages.Count == 0 || stages.Distinct(StringComparer.Ordinal).Count() != stages.Count)
        {
            throw new ArgumentException("A funnel needs at least one stage and no stage twice.", nameof(stages));
        }

        options = options is null ? new FunnelOptions() : Checked(options);
        var goalStep = -1;
        if (options.GoalStage is { } goalStage)
        {
            goalStep = IndexOf(stages, goalStage);
            if (goalStep < 0)
            {
                throw new ArgumentException($"The goal stage '{goalStage}' is not one of the funnel's stages.", nameof(options));
            }
        }

        var filter = options.Filter ?? JourneyFilter.All;
        var window = options.Window is { } w ? w.Ticks : long.MaxValue;
        var maxPasses = options.MaxPasses;
        var n = stages.Count;
        var reached = new long[n];
        var perPass = new long[maxPasses * n];
        var passesBeforeGoal = new Dictionary<int, long>();
        var visitsBeforeGoal = new Dictionary<int, long>();
        long total = 0;
        JourneyEngine? engine = null;
        var index = new int[n];

        foreach (var journey in journeys)
        {
            if (!filter.Matches(journey))
            {
                continue;
            }

            total++;
            if (!ReferenceEquals(engine, journey.Engine))
            {
                engine = journey.Engine;
                for (var j = 0; j < n; j++)
                {
                    index[j] = engine.TryGetStageIndex(stages[j], out var k) ? k : -1;
                    if (goalStep < 0 && options.GoalStage is null && index[j] >= 0 && engine.IsGoalIndex(index[j]))
                    {
                        goalStep = j;
                    }
                }
            }

            var progress = 0;
            var anchor = 0L;
            var pass = 0;
            var passProgress = 0;
            var passAnchor = 0L;
            var firstEntries = 0;
            var visits = journey.VisitCount;
            for (var i = 0; i < visits; i++)
            {
                var stage = journey.VisitStage(i);
                var at = journey.VisitEnteredTicks(i);
                if (progress == 0)
                {
                    if (stage == index[0])
                    {
                        anchor = at;
                        progress = 1;
                    }
                }
                else if (progress < n && stage == index[progress] && at - anchor <= window)
                {
                    progress++;
                }

                if (stage == index[0])
                {
                    pass++;
                    firstEntries++;
                    passProgress = 1;
                    passAnchor = at;
                    if (pass <= maxPasses)
                    {
                        perPass[(pass - 1) * n]++;
                    }
                }
                else if (pass > 0 && passProgress < n && stage == index[passProgress] && at - passAnchor <= window)
                {
                    passProgress++;
                    if (pass <= maxPasses)
                    {
                        perPass[((pass - 1) * n) + passProgress - 1]++;
                    }
                }

                if (firstEntries >= 0 && engine.IsGoalIndex(stage))
                {
                    // The first goal entry; firstEntries < 0 afterwards so later goal entries are not counted again.
                    passesBeforeGoal[firstEntries] = passesBeforeGoal.GetValueOrDefault(firstEntries) + 1;
                    visitsBeforeGoal[i] = visitsBeforeGoal.GetValueOrDefault(i) + 1;
                    firstEntries = int.MinValue;
                }
            }

            for (var j = 0; j < progress; j++)
            {
                reached[j]++;
            }
        }

        goalStep = goalStep < 0 ? n - 1 : goalStep;
        var steps = new FunnelStep[n];
        for (var j = 0; j < n; j++)
        {
            var previous = j == 0 ? total : reached[j - 1];
            steps[j] = new FunnelStep
            {
                Stage = stages[j],
                Customers = reached[j],
                ConversionFromPrevious = Rate(reached[j], previous),
                ConversionFromStart = Rate(reached[j], reached[0]),
                DropOff = previous - reached[j],
            };
        }

        var passes = new List<FunnelPass>();
        for (var p = 0; p < maxPasses && perPass[p * n] > 0; p++)
        {
            passes.Add(new FunnelPass { Pass = p + 1, Customers = perPass.AsSpan(p * n, n).ToArray(), GoalStep = goalStep });
        }

        return new FunnelReport
        {
            Journeys = total,
            Steps = steps,
            Passes = passes,
            PassesBeforeGoal = Sorted(passesBeforeGoal),
            VisitsBeforeGoal = Sorted(visitsBeforeGoal),
            GoalStep = goalStep,
        };
    }

    private static int IndexOf(IReadOnlyList<string> stages, string stage)
    {
        for (var i = 0; i < stages.Count; i++)
        {
            if (string.Equals(stages[i], stage, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static double Rate(long count, long of) => of == 0 ? 0 : (double)count / of;

    private static Dictionary<int, long> Sorted(Dictionary<int, long> histogram) =>
        histogram.OrderBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value);

    /// <summary>Validates <paramref name="options"/> and returns a copy, so a later change to the caller's instance does not matter.</summary>
    private static FunnelOptions Checked(FunnelOptions options)
    {
        OptionsCheck.ThrowIfInvalid(options.Validate(), nameof(FunnelOptions), nameof(options));
        return options.Copy();
    }
}
