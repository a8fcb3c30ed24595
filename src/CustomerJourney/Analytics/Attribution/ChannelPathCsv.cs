using System.Globalization;
using System.Text;
using CustomerJourney.Internal;

namespace CustomerJourney.Analytics.Attribution;

/// <summary>
/// Reads aggregated path data in the ChannelAttribution CSV layout:
/// <c>path;total_conversions;total_conversion_value;total_null</c>, channels in the path separated by <c>&gt;</c>
/// (e.g. <c>email &gt; search &gt; email;3;120.5;17</c>). Numbers use the invariant culture; empty lines are skipped;
/// lines are at most <see cref="MaxLineLength"/> characters and counts at most <see cref="MaxCount"/>.
/// A malformed row throws <see cref="PathDataFormatException"/> with its line number, and nothing is returned.
/// </summary>
public static class ChannelPathCsv
{
    /// <summary>The longest line accepted, in characters (1 MiB); a longer one is a <see cref="PathDataFormatException"/>.</summary>
    public const int MaxLineLength = 1 << 20;

    /// <summary>
    /// The largest count or value accepted in a row, 1e15: sums over millions of rows stay exact to a unit and far from
    /// overflow.
    /// </summary>
    public const double MaxCount = 1e15;

    private const int ColumnCount = 4;
    private static readonly string[] ColumnNames = ["path", "total_conversions", "total_conversion_value", "total_null"];

    /// <summary>Reads path data from <paramref name="reader"/> to its end.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="options">The layout; the defaults when <see langword="null"/>.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="PathDataFormatException">A row is malformed.</exception>
    /// <exception cref="ArgumentException">The options are invalid (<see cref="ChannelPathCsvOptions.Validate"/>; the message names every problem).</exception>
    public static PathDataset Read(TextReader reader, ChannelPathCsvOptions? options = null)
    {
        Guard.NotNull(reader);
        if (options is null)
        {
            options = new ChannelPathCsvOptions();
        }
        else
        {
            OptionsCheck.ThrowIfInvalid(options.Validate(), nameof(ChannelPathCsvOptions), nameof(options));
            options = options.Copy();
        }

        var builder = new PathDatasetBuilder();
        var lines = new BoundedLineReader(reader, MaxLineLength);
        long lineNumber = 0;
        while (lines.ReadLine(out var line, out var tooLong))
        {
            lineNumber++;
            if (tooLong)
            {
                throw new PathDataFormatException(lineNumber, $"the line is longer than {MaxLineLength} characters.");
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (lineNumber == 1 && options.HasHeader)
            {
                var columns = line.AsSpan().Count(options.ColumnSeparator) + 1;
                if (columns != ColumnCount)
                {
                    throw new PathDataFormatException(lineNumber, $"the header has {columns} columns, expected {ColumnCount} ({string.Join(options.ColumnSeparator, ColumnNames)}).");
                }

                continue;
            }

            ParseRow(line, lineNumber, options, builder);
        }

        return builder.Build();
    }

    /// <summary>Reads path data from a UTF-8 stream (a BOM is honoured), leaving the stream open.</summary>
    /// <param name="stream">The CSV bytes.</param>
    /// <param name="options">The layout; the defaults when <see langword="null"/>.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="PathDataFormatException">A row is malformed.</exception>
    public static PathDataset Read(Stream stream, ChannelPathCsvOptions? options = null)
    {
        Guard.NotNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 65536, leaveOpen: true);
        return Read(reader, options);
    }

    /// <summary>Reads path data from CSV text.</summary>
    /// <param name="text">The CSV text.</param>
    /// <param name="options">The layout; the defaults when <see langword="null"/>.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="PathDataFormatException">A row is malformed.</exception>
    public static PathDataset Parse(string text, ChannelPathCsvOptions? options = null)
    {
        Guard.NotNull(text);
        using var reader = new StringReader(text);
        return Read(reader, options);
    }

    /// <summary>Reads path data from a UTF-8 file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">The layout; the defaults when <see langword="null"/>.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="PathDataFormatException">A row is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static PathDataset ReadFile(string path, ChannelPathCsvOptions? options = null)
    {
        Guard.NotNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, FileOptions.SequentialScan);
        return Read(stream, options);
    }

    private static void ParseRow(string line, long lineNumber, ChannelPathCsvOptions options, PathDatasetBuilder builder)
    {
        var rest = line.AsSpan();
        var columns = rest.Count(options.ColumnSeparator) + 1;
        if (columns != ColumnCount)
        {
            throw new PathDataFormatException(lineNumber, $"{columns} columns, expected {ColumnCount} ({string.Join(options.ColumnSeparator, ColumnNames)}).");
        }

        var cut = rest.IndexOf(options.ColumnSeparator);
        var pathText = rest[..cut];
        rest = rest[(cut + 1)..];
        cut = rest.IndexOf(options.ColumnSeparator);
        var conversions = ParseNumber(rest[..cut].Trim(), lineNumber, ColumnNames[1]);
        rest = rest[(cut + 1)..];
        cut = rest.IndexOf(options.ColumnSeparator);
        var value = ParseValue(rest[..cut].Trim(), lineNumber, ColumnNames[2]);
        var nulls = ParseNumber(rest[(cut + 1)..].Trim(), lineNumber, ColumnNames[3]);

        if (pathText.IsWhiteSpace())
        {
            throw new PathDataFormatException(lineNumber, "the path is empty.");
        }

        var separator = options.ChannelSeparator.AsSpan();
        var touch = 0;
        while (true)
        {
            touch++;
            cut = pathText.IndexOf(separator, StringComparison.Ordinal);
            var name = (cut < 0 ? pathText : pathText[..cut]).Trim();
            if (name.IsEmpty)
            {
                throw new PathDataFormatException(lineNumber, $"channel {touch} of the path is empty.");
            }

            builder.AddTouch(builder.ChannelId(name), double.NaN);
            if (cut < 0)
            {
                break;
            }

            pathText = pathText[(cut + separator.Length)..];
        }

        builder.EndPath(conversions, value, nulls);
    }

    /// <summary>The value column, exactly (money is decimal); a cell that is no decimal gets <see cref="ParseNumber"/>'s message.</summary>
    private static decimal ParseValue(ReadOnlySpan<char> cell, long lineNumber, string column)
    {
        if (decimal.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            if (value < 0)
            {
                throw new PathDataFormatException(lineNumber, $"{column} {cell.ToString()} is negative.");
            }

            if (value > (decimal)MaxCount)
            {
                throw new PathDataFormatException(lineNumber, $"{column} {cell.ToString()} is larger than {MaxCount:0.#e0}, the largest accepted.");
            }

            return value;
        }

        return (decimal)ParseNumber(cell, lineNumber, column);
    }

    private static double ParseNumber(ReadOnlySpan<char> cell, long lineNumber, string column)
    {
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw new PathDataFormatException(lineNumber, $"{column} '{cell.ToString()}' is not a number.");
        }

        if (!double.IsFinite(number))
        {
            throw new PathDataFormatException(lineNumber, $"{column} '{cell.ToString()}' is not finite.");
        }

        if (number < 0)
        {
            throw new PathDataFormatException(lineNumber, $"{column} {cell.ToString()} is negative.");
        }

        if (number > MaxCount)
        {
            throw new PathDataFormatException(lineNumber, $"{column} {cell.ToString()} is larger than {MaxCount:0.#e0}, the largest accepted.");
        }

        return number;
    }
}
