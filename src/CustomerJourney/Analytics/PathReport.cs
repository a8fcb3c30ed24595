namespace CustomerJourney.Analytics;

/// <summary>The result of <see cref="PathAnalysis"/>.</summary>
public sealed record PathReport
{
    /// <summary>Journeys analysed.</summary>
    public required long Journeys { get; init; }

    /// <summary>The most common stage paths (visits in order), most common first; ties by path, ordinal.</summary>
    public required IReadOnlyList<PathCount> StagePaths { get; init; }

    /// <summary>The most common touchpoint paths (touches in order), most common first.</summary>
    public required IReadOnlyList<PathCount> TouchpointPaths { get; init; }

    /// <summary>Every flow between stages, largest first: data for a Sankey view.</summary>
    public required IReadOnlyList<StageFlow> Flows { get; init; }
}
