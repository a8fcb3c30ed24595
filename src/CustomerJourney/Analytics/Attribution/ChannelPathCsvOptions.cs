namespace CustomerJourney.Analytics.Attribution;

/// <summary>The layout of a ChannelAttribution-style path CSV file.</summary>
public sealed class ChannelPathCsvOptions
{
    /// <summary>The default layout: <c>path;total_conversions;total_conversion_value;total_null</c> with a header, channels separated by <c>&gt;</c>.</summary>
    public static ChannelPathCsvOptions Default { get; } = new();

    /// <summary>Separates the four columns; default <c>;</c>.</summary>
    public char ColumnSeparator { get; init; } = ';';

    /// <summary>Separates channels within the path column; default <c>&gt;</c>. White space around each channel name is trimmed.</summary>
    public string ChannelSeparator { get; init; } = ">";

    /// <summary>Whether the first line is a header to skip (it must still have four columns); default <see langword="true"/>.</summary>
    public bool HasHeader { get; init; } = true;
}
