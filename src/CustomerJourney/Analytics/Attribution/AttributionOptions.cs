using System.Globalization;

namespace CustomerJourney.Analytics.Attribution;

/// <summary>
/// Which model to run and its parameters. <see cref="AttributionEngine.Compute(PathDataset, AttributionOptions?)"/> checks
/// them with <see cref="Validate"/> and copies them before every computation; a <see langword="null"/> options argument means these defaults.
/// </summary>
public sealed class AttributionOptions
{
    /// <summary>The highest Markov order supported.</summary>
    public const int MaxMarkovOrder = 4;

    /// <summary>The model to run; <see cref="AttributionModel.Markov"/> by default.</summary>
    public AttributionModel Model { get; set; } = AttributionModel.Markov;

    /// <summary>The Markov chain's order k, 1 to <see cref="MaxMarkovOrder"/>: a state holds k channels (see <see cref="MarkovStates"/>). Default 1.</summary>
    public int MarkovOrder { get; set; } = 1;

    /// <summary>How Markov states are formed from paths; <see cref="MarkovStates.SlidingWindows"/> (ChannelAttribution's) by default.</summary>
    public MarkovStates MarkovStates { get; set; } = MarkovStates.SlidingWindows;

    /// <summary>Time decay on plain path data: the credit halves every this many touches back from the conversion; positive. Default 7.</summary>
    public double HalfLife { get; set; } = 7;

    /// <summary>Time decay on paths with touch times: the credit halves every this much time before the conversion; positive. Default 7 days.</summary>
    public TimeSpan HalfLifeTime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Position-based share of the first touch, 0 to 1; the three weights sum to 1. Default 0.4.</summary>
    public double FirstTouchWeight { get; set; } = 0.4;

    /// <summary>Position-based share of the middle touches together, 0 to 1; the three weights sum to 1. Default 0.2.</summary>
    public double MiddleTouchesWeight { get; set; } = 0.2;

    /// <summary>Position-based share of the last touch, 0 to 1; the three weights sum to 1. Default 0.4.</summary>
    public double LastTouchWeight { get; set; } = 0.4;

    /// <summary>
    /// Every problem with these options (empty when they are valid): an unknown model or state construction, an order
    /// outside 1 to <see cref="MaxMarkovOrder"/>, a half-life that is not positive, a negative or non-finite weight, weights
    /// that do not sum to 1.
    /// </summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Model))
        {
            problems.Add($"The model (Model) {Model} is not an attribution model.");
        }

        if (!Enum.IsDefined(MarkovStates))
        {
            problems.Add($"The Markov state construction (MarkovStates) {MarkovStates} is unknown.");
        }

        if (MarkovOrder is < 1 or > MaxMarkovOrder)
        {
            problems.Add($"The Markov order (MarkovOrder) must be 1 to {MaxMarkovOrder}, not {MarkovOrder}.");
        }

        if (!double.IsFinite(HalfLife) || HalfLife <= 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"The half-life (HalfLife) must be positive and finite, not {HalfLife}."));
        }

        if (HalfLifeTime <= TimeSpan.Zero)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"The half-life in time (HalfLifeTime) must be positive, not {HalfLifeTime}."));
        }

        var weightsValid = CheckWeight(FirstTouchWeight, nameof(FirstTouchWeight), problems)
            & CheckWeight(MiddleTouchesWeight, nameof(MiddleTouchesWeight), problems)
            & CheckWeight(LastTouchWeight, nameof(LastTouchWeight), problems);
        var sum = FirstTouchWeight + MiddleTouchesWeight + LastTouchWeight;
        if (weightsValid && Math.Abs(sum - 1) > 1e-9)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"The position weights (FirstTouchWeight, MiddleTouchesWeight, LastTouchWeight) must sum to 1, not {sum}."));
        }

        return problems;
    }

    /// <summary>Validates these options and returns a copy the computation uses, so later changes to this instance do not matter.</summary>
    /// <param name="paramName">The argument the options came in.</param>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">The options are invalid; the message names every problem.</exception>
    internal AttributionOptions Checked(string paramName)
    {
        OptionsCheck.ThrowIfInvalid(Validate(), nameof(AttributionOptions), paramName);
        return new AttributionOptions
        {
            Model = Model,
            MarkovOrder = MarkovOrder,
            MarkovStates = MarkovStates,
            HalfLife = HalfLife,
            HalfLifeTime = HalfLifeTime,
            FirstTouchWeight = FirstTouchWeight,
            MiddleTouchesWeight = MiddleTouchesWeight,
            LastTouchWeight = LastTouchWeight,
        };
    }

    private static bool CheckWeight(double weight, string name, List<string> problems)
    {
        if (!double.IsFinite(weight) || weight < 0 || weight > 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"The position weight {name} must be 0 to 1, not {weight}."));
            return false;
        }

        return true;
    }
}
