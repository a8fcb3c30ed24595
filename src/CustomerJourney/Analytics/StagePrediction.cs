namespace CustomerJourney.Analytics;

/// <summary>What the model predicts for a journey in a stage.</summary>
public sealed record StagePrediction
{
    /// <summary>The current stage.</summary>
    public required string Stage { get; init; }

    /// <summary>The probability of each next stage; empty when nothing was observed leaving the stage.</summary>
    public required IReadOnlyDictionary<string, double> NextStages { get; init; }

    /// <summary>The mean observed stay in the stage before moving on; <see langword="null"/> without data.</summary>
    public required TimeSpan? ExpectedTimeToNext { get; init; }

    /// <summary>The probability of eventually reaching a goal stage (1 in a goal stage).</summary>
    public required double GoalProbability { get; init; }
}
