namespace CustomerJourney.Analytics;

/// <summary>What the model predicts for a journey in a stage.</summary>
/// <param name="Stage">The current stage.</param>
/// <param name="NextStages">The probability of each next stage; empty when nothing was observed leaving the stage.</param>
/// <param name="ExpectedTimeToNext">The mean observed stay in the stage before moving on; <see langword="null"/> without data.</param>
/// <param name="GoalProbability">The probability of eventually reaching a goal stage (1 in a goal stage).</param>
public sealed record StagePrediction(string Stage, IReadOnlyDictionary<string, double> NextStages, TimeSpan? ExpectedTimeToNext, double GoalProbability);
