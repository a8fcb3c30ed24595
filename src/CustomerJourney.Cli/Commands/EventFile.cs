using System.Globalization;
using System.Text;
using nietras.SeparatedValues;

namespace CustomerJourney.Cli.Commands;

/// <summary>One line of an events file: its number and either the event or why it is malformed.</summary>
internal readonly record struct EventLine(int Line, TouchpointEvent? Event, string? Problem);

/// <summary>
/// Streams the events of a file without loading it whole. Two layouts:
/// <list type="bullet">
/// <item>CSV (parsed with Sep): a header naming the columns <c>event_id,customer_id,touchpoint,occurred_at,channel,value,segment,anonymous_id</c>
/// (any order; the last four optional; <c>anonymous_id</c> links that id to the customer, see docs/identity.md), RFC 4180 quoting within a line (a field may not span lines), ISO 8601 times,
/// invariant-culture decimals, an empty field is null; a row with more fields than the header is malformed.</item>
/// <item>JSON Lines: one object per line, as <see cref="EventsReader"/> reads.</item>
/// </list>
/// Blank lines are skipped in both. A line longer than <see cref="MaxLineBytes"/> is malformed (reported with its
/// start, truncated); a file without a line break within <see cref="MaxSkipBytes"/> is not an events file and ends the read.
/// Times without an offset are UTC in both layouts (<see cref="EventTime"/>).
/// </summary>
internal static class EventFile
{
    public const string Csv = "csv";
    public const string JsonLines = "jsonl";

    /// <summary>The longest line accepted, in bytes (64 KiB): far beyond any real event, small enough to bound memory.</summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>How far an over-long line is skipped looking for its end (16 MiB) before the file is given up as not line-based.</summary>
    public const int MaxSkipBytes = 16 << 20;

    /// <summary>The prefix of problems with the CSV header, which make the whole file unreadable.</summary>
    public const string FatalPrefix = "header:";

    /// <summary>The prefix of problems with the file as a whole (no line breaks), which end the read.</summary>
    public const string FilePrefix = "file:";

    /// <summary>
    /// How much of the file one chunk reads (32 KiB): its text (64 KiB as UTF-16) and its parsed rows stay below the large
    /// object heap's 85,000-byte threshold, so parsing allocates only short-lived small objects. With 1 MiB chunks every chunk
    /// put a 2 MiB string and its row list on the large object heap, and each of those allocations could start a full (gen2)
    /// collection: on 1,000,000 events the process ran 10 gen2 collections, all triggered by large allocations.
    /// </summary>
    private const int ChunkBytes = 32 * 1024;

    private static readonly string[] CsvRequired = ["event_id", "customer_id", "touchpoint", "occurred_at"];
    private static readonly string[] CsvOptional = ["channel", "value", "segment", "anonymous_id"];

    /// <summary>The format to read: <paramref name="format"/> when given, else from the extension; null when unknown.</summary>
    public static string? FormatOf(string path, string? format)
    {
        if (!string.IsNullOrEmpty(format))
        {
            return format.ToLowerInvariant() switch
            {
                "csv" => Csv,
                "jsonl" or "ndjson" or "json" => JsonLines,
                _ => null,
            };
        }

        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => Csv,
            ".jsonl" or ".ndjson" or ".json" => JsonLines,
            _ => null,
        };
    }

    /// <summary>Whether a problem makes the whole file unreadable (a CSV header problem, or no line breaks at all).</summary>
    public static bool IsHeaderProblem(string problem) =>
        problem.StartsWith(FatalPrefix, StringComparison.Ordinal) || problem.StartsWith(FilePrefix, StringComparison.Ordinal);

    /// <summary>A value fit to echo in a message: at most 64 characters, longer ones cut with "…".</summary>
    public static string Shorten(string? value) => value is null ? string.Empty : value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "…");

    /// <summary>The lines of <paramref name="stream"/> as events or problems; a fatal problem ends the sequence.</summary>
    public static IEnumerable<EventLine> Read(Stream stream, string format)
    {
        int[]? columns = null;
        var headerWidth = 0;
        var rows = new List<EventLine>(); // one list for every chunk's rows: its capacity is allocated once
        foreach (var chunk in Chunks(stream))
        {
            if (chunk.Problem is not null)
            {
                yield return new EventLine(chunk.FirstLine, null, chunk.Problem);
                if (IsHeaderProblem(chunk.Problem))
                {
                    yield break;
                }

                continue;
            }

            if (format == JsonLines)
            {
                var number = chunk.FirstLine;
                var text0 = chunk.Text;
                for (var start = 0; start < text0.Length; number++)
                {
                    var newline = text0.IndexOf('\n', start);
                    var end = newline < 0 ? text0.Length : newline;
                    var line = text0.AsSpan(start, end - start).TrimEnd('\r');
                    start = end + 1;
                    if (line.IsWhiteSpace())
                    {
                        continue;
                    }

                    var lineText = line.ToString();
                    yield return EventsReader.TryParse(lineText, out var e, out var problem) ? new EventLine(number, e, null) : new EventLine(number, null, problem);
                }

                continue;
            }

            var text = chunk.Text;
            var firstLine = chunk.FirstLine;
            if (columns is null)
            {
                // the header: the first non-blank line
                var (header, headerLine, rest) = FirstNonBlank(text, firstLine);
                if (header is null)
                {
                    continue;
                }

                if (!TryReadHeader(header, out columns, out headerWidth, out var headerProblem))
                {
                    yield return new EventLine(headerLine, null, headerProblem);
                    yield break;
                }

                text = rest;
                firstLine = headerLine + 1;
            }

            foreach (var line in ReadCsvRows(text, firstLine, columns, headerWidth, rows))
            {
                yield return line;
            }
        }
    }

    /// <summary>Parses CSV rows with Sep; a row that would span lines (an unterminated quote) is malformed and parsing resumes on the next line.</summary>
    private static IEnumerable<EventLine> ReadCsvRows(string text, int firstLine, int[] columns, int headerWidth, List<EventLine> results)
    {
        var start = 0;
        while (start < text.Length)
        {
            int? resumeAfterLine = null;
            results.Clear();
            using (var reader = Sep.New(',').Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = true, CreateToString = SepToString.PoolPerCol(maximumStringLength: 128) }).FromText(text[start..]))
            {
                // line numbers are counted here: Sep numbers the first row of a header-less text from line 2
                var line = firstLine;
                foreach (var row in reader)
                {
                    var spanned = row.LineNumberToExcl - (row.RowIndex == 0 ? 1 : row.LineNumberFrom);
                    if (spanned > 1)
                    {
                        results.Add(new EventLine(line, null, "unterminated quoted field (a field may not span lines)."));
                        resumeAfterLine = line - firstLine + 1;
                        break;
                    }

                    if (row.ColCount == 1 && row[0].Span.Trim().IsEmpty)
                    {
                        line++;
                        continue; // a blank line
                    }

                    results.Add(TryParseCsv(row, columns, headerWidth, out var e, out var problem) ? new EventLine(line, e, null) : new EventLine(line, null, problem));
                    line++;
                }
            }

            foreach (var result in results)
            {
                yield return result;
            }

            if (resumeAfterLine is not { } after)
            {
                yield break;
            }

            // skip the lines up to and including the malformed row's first line
            for (var i = 0; i < after && start < text.Length; i++)
            {
                var newline = text.IndexOf('\n', start);
                start = newline < 0 ? text.Length : newline + 1;
            }

            firstLine += after;
        }
    }

    private static (string? Header, int Line, string Remainder) FirstNonBlank(string text, int firstLine)
    {
        var start = 0;
        var line = firstLine;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            var candidate = text.AsSpan(start, end - start).TrimEnd('\r');
            var next = newline < 0 ? text.Length : newline + 1;
            if (!candidate.IsWhiteSpace())
            {
                return (candidate.ToString(), line, text[next..]);
            }

            start = next;
            line++;
        }

        return (null, line, string.Empty);
    }

    private static bool TryReadHeader(string line, out int[] columns, out int width, out string? problem)
    {
        // columns[i] = index in the record of field i of CsvRequired + CsvOptional, or -1
        columns = new int[CsvRequired.Length + CsvOptional.Length];
        Array.Fill(columns, -1);
        width = 0;
        problem = null;
        var names = new List<string>();
        using (var reader = Sep.New(',').Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = true }).FromText(line))
        {
            foreach (var row in reader)
            {
                if (names.Count > 0 || row.LineNumberToExcl - row.LineNumberFrom > 1)
                {
                    problem = $"{FatalPrefix} unterminated quoted field.";
                    return false;
                }

                for (var i = 0; i < row.ColCount; i++)
                {
                    names.Add(row[i].ToString());
                }
            }
        }

        width = names.Count;
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim().TrimStart('\uFEFF').ToLowerInvariant();
            var field = Array.IndexOf(CsvRequired, name);
            if (field < 0 && (field = Array.IndexOf(CsvOptional, name)) >= 0)
            {
                field += CsvRequired.Length;
            }

            if (field >= 0)
            {
                columns[field] = i;
            }
        }

        var found = columns;
        var missing = CsvRequired.Where((_, i) => found[i] < 0).ToList();
        if (missing.Count > 0)
        {
            problem = $"{FatalPrefix} the CSV header lacks {string.Join(", ", missing)}; expected {string.Join(',', CsvRequired.Concat(CsvOptional))}.";
            return false;
        }

        return true;
    }

    private static bool TryParseCsv(SepReader.Row row, int[] columns, int width, out TouchpointEvent? e, out string? problem)
    {
        e = null;
        if (row.ColCount > width)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"the row has {row.ColCount} fields, the header {width}.");
            return false;
        }

        var eventId = Field(row, columns, 0);
        var customerId = Field(row, columns, 1);
        var touchpoint = Field(row, columns, 2);
        problem = eventId is null ? "missing event_id."
            : customerId is null ? "missing customer_id."
            : touchpoint is null ? "missing touchpoint."
            : null;
        if (problem is not null)
        {
            return false;
        }

        var occurredAt = columns[3] < row.ColCount ? row[columns[3]].Span : default;
        if (occurredAt.IsEmpty)
        {
            problem = "missing occurred_at.";
            return false;
        }

        if (!EventTime.TryParse(occurredAt, out var at))
        {
            problem = $"occurred_at '{Shorten(occurredAt.ToString())}' is not an ISO 8601 date and time, e.g. 2025-06-01T10:00:00Z.";
            return false;
        }

        decimal? value = null;
        if (columns[5] >= 0 && columns[5] < row.ColCount && row[columns[5]].Span is { Length: > 0 } text)
        {
            if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                problem = $"value '{Shorten(text.ToString())}' is not a decimal number (invariant culture, e.g. 49.90).";
                return false;
            }

            value = amount;
        }

        e = new TouchpointEvent(eventId!, customerId!, touchpoint!, at) { Channel = Field(row, columns, 4), Value = value, Segment = Field(row, columns, 6), AnonymousId = Field(row, columns, 7) };
        return true;
    }

    private static string? Field(SepReader.Row row, int[] columns, int index) =>
        columns[index] >= 0 && columns[index] < row.ColCount && row[columns[index]].Span.Length > 0 ? row[columns[index]].ToString() : null;

    /// <summary>
    /// Cuts the stream into chunks of whole lines (about 32 KiB each, plus one line at most), decoded from UTF-8. An over-long line becomes
    /// a problem chunk of its own and is skipped up to its line break; a fatal problem when there is none within
    /// <see cref="MaxSkipBytes"/>.
    /// </summary>
    private static IEnumerable<Chunk> Chunks(Stream stream)
    {
        var buffer = new byte[ChunkBytes + MaxLineBytes];
        var filled = 0;
        var line = 1;
        var eof = false;
        var first = true;
        var utf8 = new UTF8Encoding(false, false);
        while (true)
        {
            while (!eof && filled < buffer.Length)
            {
                var read = stream.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    eof = true;
                }

                filled += read;
            }

            if (filled == 0)
            {
                yield break;
            }

            var offset = 0;
            if (first)
            {
                first = false;
                if (filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                {
                    offset = 3; // a UTF-8 byte order mark
                }
            }

            // whole lines up to the last line break (or the end of the file); stop early at an over-long line
            var span = buffer.AsSpan(offset, filled - offset);
            var end = eof ? span.Length : span.LastIndexOf((byte)'\n') + 1;
            var lines = 0;
            var position = 0;
            var longLine = false;
            while (position < end)
            {
                var newline = span[position..end].IndexOf((byte)'\n');
                var length = newline < 0 ? end - position : newline;
                if (length > MaxLineBytes)
                {
                    longLine = true;
                    break;
                }

                position += newline < 0 ? length : length + 1;
                lines++;
            }

            if (position > 0)
            {
                yield return new Chunk(line, utf8.GetString(span[..position]), null);
                line += lines;
            }

            var total = filled - offset;
            if (!longLine && end == 0 && total > MaxLineBytes)
            {
                longLine = true; // no line break in a buffer longer than a line may be
            }

            if (longLine)
            {
                var preview = Shorten(utf8.GetString(buffer, offset + position, Math.Min(256, total - position)).Replace('\0', '?'));
                var (skipped, found) = SkipLine(stream, buffer, offset + position, filled, ref eof);
                if (!found && !eof)
                {
                    yield return new Chunk(line, string.Empty, $"{FilePrefix} no line break within {MaxSkipBytes:N0} bytes: not a line-based events file (line starts '{preview}').");
                    yield break;
                }

                yield return new Chunk(line, string.Empty, string.Create(CultureInfo.InvariantCulture, $"the line is longer than {MaxLineBytes:N0} bytes (the limit); it starts '{preview}'."));
                line++;
                filled = skipped;
                continue;
            }

            if (eof && offset + position >= filled)
            {
                yield break;
            }

            // keep the unfinished line for the next round
            var kept = filled - (offset + position);
            Buffer.BlockCopy(buffer, offset + position, buffer, 0, kept);
            filled = kept;
        }
    }

    /// <summary>Skips the line starting at <paramref name="start"/>; leaves what follows its line break at the buffer's start.</summary>
    private static (int Remaining, bool Found) SkipLine(Stream stream, byte[] buffer, int start, int filled, ref bool eof)
    {
        long skipped = 0;
        while (true)
        {
            var newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var from = start + newline + 1;
                Buffer.BlockCopy(buffer, from, buffer, 0, filled - from);
                return (filled - from, true);
            }

            skipped += filled - start;
            if (eof || skipped > MaxSkipBytes)
            {
                return (0, false);
            }

            start = 0;
            filled = stream.Read(buffer, 0, buffer.Length);
            if (filled == 0)
            {
                eof = true;
            }
        }
    }

    private readonly record struct Chunk(int FirstLine, string Text, string? Problem);
}
