namespace CustomerJourney.Analytics.Attribution;

/// <summary>Which model to run and its parameters. Checked by <see cref="Validate"/> before every computation.</summary>
public sealed class AttributionOptions
{
    /// <summary>The highest Markov order supported.</summary>
    public const int MaxMarkovOrder = 4;

    /// <summary>The model to run; <see cref="AttributionModel.Markov"/> by default.</summary>
    public AttributionModel Model { get; init; } = AttributionModel.Markov;

    /// <summary>The Markov chain's order k, 1 to <see cref="MaxMarkovOrder"/>: a state holds k channels (see <see cref="MarkovStates"/>). Default 1.</summary>
    public int MarkovOrder { get; init; } = 1;

    /// <summary>How Markov states are formed from paths; <see cref="MarkovStates.SlidingWindows"/> (ChannelAttribution's) by default.</summary>
    public MarkovStates MarkovStates { get; init; } = MarkovStates.SlidingWindows;

    /// <summary>Time decay on plain path data: the credit halves every this many touches back from the conversion. Default 7.</summary>
    public double HalfLife { get; init; } = 7;

    /// <summary>Time decay on paths with touch times: the credit halves every this much time before the conversion. Default 7 days.</summary>
    public TimeSpan HalfLifeTime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Position-based share of the first touch; default 0.4.</summary>
    public double FirstTouchWeight { get; init; } = 0.4;

    /// <summary>Position-based share of the middle touches together; default 0.2.</summary>
    public double MiddleTouchesWeight { get; init; } = 0.2;

    /// <summary>Position-based share of the last touch; default 0.4.</summary>
    public double LastTouchWeight { get; init; } = 0.4;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The model or state construction is unknown, the order is not 1 to 4, a half-life is not positive, or a weight is negative.</exception>
    /// <exception cref="ArgumentException">The position weights do not sum to 1.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Model))
        {
            throw new ArgumentOutOfRangeException(nameof(Model), Model, "Unknown attribution model.");
        }

        if (!Enum.IsDefined(MarkovStates))
        {
            throw new ArgumentOutOfRangeException(nameof(MarkovStates), MarkovStates, "Unknown Markov state construction.");
        }

        if (MarkovOrder is < 1 or > MaxMarkovOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(MarkovOrder), MarkovOrder, $"The Markov order must be 1 to {MaxMarkovOrder}.");
        }

        if (!double.IsFinite(HalfLife) || HalfLife <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HalfLife), HalfLife, "The half-life must be positive and finite.");
        }

        if (HalfLifeTime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HalfLifeTime), HalfLifeTime, "The half-life must be positive.");
        }

        CheckWeight(FirstTouchWeight, nameof(FirstTouchWeight));
        CheckWeight(MiddleTouchesWeight, nameof(MiddleTouchesWeight));
        CheckWeight(LastTouchWeight, nameof(LastTouchWeight));
        var sum = FirstTouchWeight + MiddleTouchesWeight + LastTouchWeight;
        if (Math.Abs(sum - 1) > 1e-9)
        {
            throw new ArgumentException($"The position weights must sum to 1, not {sum}.", nameof(FirstTouchWeight));
        }
    }

    private static void CheckWeight(double weight, string name)
    {
        if (!double.IsFinite(weight) || weight < 0)
        {
            throw new ArgumentOutOfRangeException(name, weight, "A position weight must be finite and non-negative.");
        }
    }
}
