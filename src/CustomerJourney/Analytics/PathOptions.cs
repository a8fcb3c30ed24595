namespace CustomerJourney.Analytics;

/// <summary>Options of <see cref="PathAnalysis"/>.</summary>
/// <param name="Top">How many of the most common paths to report (of each kind); at least 1.</param>
/// <param name="CollapseRepeats">Collapse consecutive repeats (A &gt; A &gt; B becomes A &gt; B) in paths, and leave self-flows out of <see cref="PathReport.Flows"/>.</param>
/// <param name="Filter">Which journeys; all when <see langword="null"/>.</param>
public sealed record PathOptions(int Top = 10, bool CollapseRepeats = true, JourneyFilter? Filter = null);
