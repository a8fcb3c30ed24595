namespace CustomerJourney.Analytics;

/// <summary>The result of <see cref="PathAnalysis"/>.</summary>
/// <param name="Journeys">Journeys analysed.</param>
/// <param name="StagePaths">The most common stage paths (visits in order), most common first; ties by path, ordinal.</param>
/// <param name="TouchpointPaths">The most common touchpoint paths (touches in order), most common first.</param>
/// <param name="Flows">Every flow between stages, largest first: data for a Sankey view.</param>
public sealed record PathReport(long Journeys, IReadOnlyList<PathCount> StagePaths, IReadOnlyList<PathCount> TouchpointPaths, IReadOnlyList<StageFlow> Flows);
