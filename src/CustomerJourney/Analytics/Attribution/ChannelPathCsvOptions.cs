namespace CustomerJourney.Analytics.Attribution;

/// <summary>
/// The layout of a ChannelAttribution-style path CSV file. The defaults (a <see langword="null"/> options argument) read
/// <c>path;total_conversions;total_conversion_value;total_null</c> with a header, channels separated by <c>&gt;</c>.
/// </summary>
public sealed class ChannelPathCsvOptions
{
    /// <summary>Separates the four columns; default <c>;</c>.</summary>
    public char ColumnSeparator { get; set; } = ';';

    /// <summary>
    /// Separates channels within the path column; non-empty, without <see cref="ColumnSeparator"/>. Default <c>&gt;</c>.
    /// White space around each channel name is trimmed.
    /// </summary>
    public string ChannelSeparator { get; set; } = ">";

    /// <summary>Whether the first line is a header to skip (it must still have four columns); default <see langword="true"/>.</summary>
    public bool HasHeader { get; set; } = true;

    /// <summary>Every problem with these options (empty when they are valid).</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ColumnSeparator is '\r' or '\n')
        {
            problems.Add("ColumnSeparator must not be a line break.");
        }

        if (string.IsNullOrEmpty(ChannelSeparator))
        {
            problems.Add("ChannelSeparator must not be empty.");
        }
        else if (ChannelSeparator.Contains(ColumnSeparator, StringComparison.Ordinal))
        {
            problems.Add($"ChannelSeparator '{ChannelSeparator}' must not contain the ColumnSeparator '{ColumnSeparator}'.");
        }

        return problems;
    }

    internal ChannelPathCsvOptions Copy() => new() { ColumnSeparator = ColumnSeparator, ChannelSeparator = ChannelSeparator, HasHeader = HasHeader };
}
