namespace CustomerJourney.Analytics.Attribution;

/// <summary>Path data cannot be read: a row has the wrong number of columns, a bad number, an empty path or channel.</summary>
public sealed class PathDataFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="lineNumber">The 1-based line of the malformed row.</param>
    /// <param name="problem">What is wrong with it.</param>
    public PathDataFormatException(long lineNumber, string problem)
        : base($"line {lineNumber}: {problem}")
    {
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>The 1-based line of the malformed row.</summary>
    public long LineNumber { get; }

    /// <summary>What is wrong with the row, without the line number.</summary>
    public string Problem { get; }
}
