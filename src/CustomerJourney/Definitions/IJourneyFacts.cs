namespace CustomerJourney.Definitions;

/// <summary>What a guard may know about the journey a touchpoint event is applied to.</summary>
public interface IJourneyFacts
{
    /// <summary>When the journey started (its first event).</summary>
    DateTimeOffset StartedAt { get; }

    /// <summary>When the customer entered the current stage.</summary>
    DateTimeOffset StageEnteredAt { get; }

    /// <summary>How many touches the journey has recorded so far.</summary>
    int TouchCount { get; }

    /// <summary>When the customer first reached a goal stage, if they have.</summary>
    DateTimeOffset? ConvertedAt { get; }

    /// <summary>How many times the customer has entered <paramref name="stageId"/> so far.</summary>
    /// <param name="stageId">The stage identifier.</param>
    /// <returns>The number of passes through the stage.</returns>
    int GetPasses(string stageId);
}
