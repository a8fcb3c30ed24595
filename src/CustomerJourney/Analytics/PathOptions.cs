namespace CustomerJourney.Analytics;

/// <summary>Options of <see cref="PathAnalysis"/>. A <see langword="null"/> options argument means these defaults.</summary>
public sealed class PathOptions
{
    /// <summary>How many of the most common paths to report (of each kind); at least 1. Default 10.</summary>
    public int Top { get; set; } = 10;

    /// <summary>
    /// Collapse consecutive repeats (A &gt; A &gt; B becomes A &gt; B) in paths, and leave self-flows out of
    /// <see cref="PathReport.Flows"/>. Default <see langword="true"/>.
    /// </summary>
    public bool CollapseRepeats { get; set; } = true;

    /// <summary>Which journeys; <see langword="null"/> (the default) counts all (<see cref="JourneyFilter.All"/>).</summary>
    public JourneyFilter? Filter { get; set; }

    /// <summary>Every problem with these options (empty when they are valid).</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Top < 1)
        {
            problems.Add($"Top must be at least 1, not {Top}.");
        }

        return problems;
    }
}
