using CustomerJourney.Tracking;

namespace CustomerJourney.Analytics;

/// <summary>
/// A first-order Markov model of stage transitions fitted to observed visit sequences: next-stage probabilities
/// P(i→j) = n<sub>ij</sub> / Σ<sub>k</sub> n<sub>ik</sub>, the mean observed stay per stage, and the probability of
/// eventually reaching a goal stage from each stage, from the absorbing chain in which goal stages absorb:
/// with Q the transitions among non-goal stages and r<sub>i</sub> = Σ<sub>g goal</sub> P(i→g), solve (I − Q)x = r.
/// Non-goal stages from which no goal was ever reached (directly or indirectly) get 0.
/// </summary>
public sealed class TransitionModel
{
    private readonly string[] _stages;
    private readonly Dictionary<string, int> _index;
    private readonly long[,] _counts;
    private readonly long[] _outgoing;
    private readonly double[] _meanStay;
    private readonly bool[] _goal;
    private readonly double[] _goalProbability;
    private IReadOnlyList<StageTransition>? _transitions;

    private TransitionModel(string[] stages, long[,] counts, double[] meanStay, bool[] goal)
    {
        _stages = stages;
        _index = new Dictionary<string, int>(stages.Length, StringComparer.Ordinal);
        for (var i = 0; i < stages.Length; i++)
        {
            _index[stages[i]] = i;
        }

        _counts = counts;
        _meanStay = meanStay;
        _goal = goal;
        _outgoing = new long[stages.Length];
        for (var i = 0; i < stages.Length; i++)
        {
            for (var j = 0; j < stages.Length; j++)
            {
                _outgoing[i] += counts[i, j];
            }
        }

        _goalProbability = SolveGoalProbabilities();
    }

    /// <summary>The stages, in the definition's order.</summary>
    public IReadOnlyList<string> Stages => _stages;

    /// <summary>Every observed transition with its probability, by stage order. Built on the first read and kept (the model does not change).</summary>
    public IReadOnlyList<StageTransition> Transitions => _transitions ??= BuildTransitions();

    /// <summary>Fits the model to the visit sequences of <paramref name="journeys"/>.</summary>
    /// <param name="journeys">The journeys (of one definition).</param>
    /// <param name="filter">Which journeys; all when <see langword="null"/>.</param>
    /// <returns>The model.</returns>
    public static TransitionModel Fit(IEnumerable<Journey> journeys, JourneyFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(journeys);
        filter ??= JourneyFilter.All;
        var stages = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var goals = new List<bool>();
        Engine.JourneyEngine? engine = null;
        int[] map = [];
        var transitions = new Dictionary<(int From, int To), long>();
        var staySum = new List<double>();
        var stayCount = new List<long>();
        foreach (var journey in journeys)
        {
            if (!filter.Matches(journey))
            {
                continue;
            }

            if (!ReferenceEquals(engine, journey.Engine))
            {
                engine = journey.Engine;
                map = new int[engine.StageCount];
                for (var s = 0; s < map.Length; s++)
                {
                    var id = engine.StageId(s);
                    if (!index.TryGetValue(id, out var k))
                    {
                        index[id] = k = stages.Count;
                        stages.Add(id);
                        goals.Add(engine.IsGoalIndex(s));
                        staySum.Add(0);
                        stayCount.Add(0);
                    }

                    map[s] = k;
                }
            }

            for (var i = 1; i < journey.VisitCount; i++)
            {
                var from = map[journey.VisitStage(i - 1)];
                var key = (from, map[journey.VisitStage(i)]);
                transitions[key] = transitions.GetValueOrDefault(key) + 1;
                staySum[from] += journey.VisitEnteredTicks(i) - journey.VisitEnteredTicks(i - 1);
                stayCount[from]++;
            }
        }

        var counts = new long[stages.Count, stages.Count];
        foreach (var ((from, to), count) in transitions)
        {
            counts[from, to] = count;
        }

        var meanStay = new double[stages.Count];
        for (var s = 0; s < meanStay.Length; s++)
        {
            meanStay[s] = stayCount[s] == 0 ? double.NaN : staySum[s] / stayCount[s];
        }

        return new TransitionModel([.. stages], counts, meanStay, [.. goals]);
    }

    /// <summary>The probability of each next stage after <paramref name="stage"/>; they sum to 1, or the map is empty without data.</summary>
    /// <param name="stage">The current stage.</param>
    /// <returns>Next stage → probability, for stages observed next.</returns>
    public IReadOnlyDictionary<string, double> NextStageProbabilities(string stage)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!_index.TryGetValue(stage, out var i) || _outgoing[i] == 0)
        {
            return result;
        }

        for (var j = 0; j < _stages.Length; j++)
        {
            if (_counts[i, j] > 0)
            {
                result[_stages[j]] = (double)_counts[i, j] / _outgoing[i];
            }
        }

        return result;
    }

    /// <summary>The mean observed stay in <paramref name="stage"/> before the next stage was entered.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The mean, or <see langword="null"/> when no stay in the stage has ended.</returns>
    public TimeSpan? ExpectedTimeToNext(string stage) =>
        _index.TryGetValue(stage, out var i) && !double.IsNaN(_meanStay[i]) ? TimeSpan.FromTicks((long)Math.Round(_meanStay[i])) : null;

    /// <summary>The probability of eventually reaching a goal stage from <paramref name="stage"/>: 1 for goal stages, 0 for unknown stages.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The probability.</returns>
    public double GoalProbability(string stage) => _index.TryGetValue(stage, out var i) ? _goalProbability[i] : 0;

    /// <summary>The prediction for a journey in its current stage.</summary>
    /// <param name="journey">The journey.</param>
    /// <returns>Next-stage probabilities, expected time to the next stage, probability of converting.</returns>
    public StagePrediction Predict(Journey journey)
    {
        ArgumentNullException.ThrowIfNull(journey);
        return Predict(journey.Stage);
    }

    /// <summary>The prediction for a journey in <paramref name="stage"/>.</summary>
    /// <param name="stage">The current stage.</param>
    /// <returns>Next-stage probabilities, expected time to the next stage, probability of converting.</returns>
    public StagePrediction Predict(string stage) =>
        new()
        {
            Stage = stage,
            NextStages = NextStageProbabilities(stage),
            ExpectedTimeToNext = ExpectedTimeToNext(stage),
            GoalProbability = GoalProbability(stage),
        };

    private double[] SolveGoalProbabilities()
    {
        var n = _stages.Length;
        var result = new double[n];

        // Non-goal stages that reach a goal through observed transitions; the others never convert (x = 0), and
        // leaving them out keeps I − Q non-singular (every remaining stage leaks probability towards a goal).
        var reaches = (bool[])_goal.Clone();
        for (var changed = true; changed;)
        {
            changed = false;
            for (var i = 0; i < n; i++)
            {
                if (reaches[i])
                {
                    continue;
                }

                for (var j = 0; j < n; j++)
                {
                    if (_counts[i, j] > 0 && reaches[j])
                    {
                        reaches[i] = changed = true;
                        break;
                    }
                }
            }
        }

        var transient = Enumerable.Range(0, n).Where(i => !_goal[i] && reaches[i]).ToArray();
        var m = transient.Length;
        var a = new double[m, m + 1];
        for (var r = 0; r < m; r++)
        {
            var i = transient[r];
            a[r, r] = 1;
            for (var j = 0; j < n; j++)
            {
                var p = (double)_counts[i, j] / _outgoing[i];
                if (_goal[j])
                {
                    a[r, m] += p;
                }
            }

            for (var c = 0; c < m; c++)
            {
                a[r, c] -= (double)_counts[i, transient[c]] / _outgoing[i];
            }
        }

        var x = LinearSolver.Solve(a, m);
        for (var r = 0; r < m; r++)
        {
            result[transient[r]] = Math.Clamp(x[r], 0, 1);
        }

        for (var i = 0; i < n; i++)
        {
            if (_goal[i])
            {
                result[i] = 1;
            }
        }

        return result;
    }

    private IReadOnlyList<StageTransition> BuildTransitions()
    {
        var list = new List<StageTransition>();
        for (var i = 0; i < _stages.Length; i++)
        {
            for (var j = 0; j < _stages.Length; j++)
            {
                if (_counts[i, j] > 0)
                {
                    list.Add(new StageTransition { From = _stages[i], To = _stages[j], Count = _counts[i, j], Probability = (double)_counts[i, j] / _outgoing[i] });
                }
            }
        }

        return list.AsReadOnly();
    }
}
