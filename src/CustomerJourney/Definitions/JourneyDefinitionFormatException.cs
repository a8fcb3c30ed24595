namespace CustomerJourney.Definitions;

/// <summary>A journey definition's JSON cannot be read: malformed JSON, a wrong type or an unknown property.</summary>
public sealed class JourneyDefinitionFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, with its position.</param>
    /// <param name="line">The 1-based line of the error, when known.</param>
    /// <param name="position">The 1-based byte position in the line, when known.</param>
    /// <param name="path">The JSON path of the error, when known.</param>
    /// <param name="innerException">The underlying parser error.</param>
    public JourneyDefinitionFormatException(string message, long? line = null, long? position = null, string? path = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Line = line;
        Position = position;
        JsonPath = path;
    }

    /// <summary>The 1-based line of the error, when known.</summary>
    public long? Line { get; }

    /// <summary>The 1-based byte position within <see cref="Line"/>, when known.</summary>
    public long? Position { get; }

    /// <summary>The JSON path of the error, e.g. <c>$.stages[2].goal</c>, when known.</summary>
    public string? JsonPath { get; }
}
