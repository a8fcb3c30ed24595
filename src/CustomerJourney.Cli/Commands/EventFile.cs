using System.Globalization;
using System.Text;
using CustomerJourney.Tracking;

namespace CustomerJourney.Cli.Commands;

/// <summary>One line of an events file: its number and either the event or why it is malformed.</summary>
internal readonly record struct EventLine(int Line, TouchpointEvent? Event, string? Problem);

/// <summary>
/// Streams the events of a file, one line at a time, without loading it whole. Two layouts:
/// <list type="bullet">
/// <item>CSV: a header naming the columns <c>event_id,customer_id,touchpoint,occurred_at,channel,value,segment</c> (any
/// order; the last three optional), RFC 4180 quoting within a line, ISO 8601 times, invariant-culture decimals, an empty
/// field is null.</item>
/// <item>JSON Lines: one object per line, as <see cref="EventsReader"/> reads.</item>
/// </list>
/// Blank lines are skipped in both.
/// </summary>
internal static class EventFile
{
    public const string Csv = "csv";
    public const string JsonLines = "jsonl";

    private static readonly string[] CsvRequired = ["event_id", "customer_id", "touchpoint", "occurred_at"];
    private static readonly string[] CsvOptional = ["channel", "value", "segment"];

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

    /// <summary>The lines of <paramref name="reader"/> as events or problems; a CSV header problem ends the sequence with a problem on line 1.</summary>
    public static IEnumerable<EventLine> Read(TextReader reader, string format)
    {
        var number = 0;
        int[]? columns = null;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (format == JsonLines)
            {
                yield return EventsReader.TryParse(line, out var e, out var problem) ? new EventLine(number, e, null) : new EventLine(number, null, problem);
                continue;
            }

            if (columns is null)
            {
                if (!TryReadHeader(line, out columns, out var headerProblem))
                {
                    yield return new EventLine(number, null, headerProblem);
                    yield break;
                }

                continue;
            }

            yield return TryParseCsv(line, columns, out var parsed, out var csvProblem) ? new EventLine(number, parsed, null) : new EventLine(number, null, csvProblem);
        }
    }

    /// <summary>Whether a problem is about the CSV header (which makes the whole file unreadable).</summary>
    public static bool IsHeaderProblem(string problem) => problem.StartsWith("header:", StringComparison.Ordinal);

    private static bool TryReadHeader(string line, out int[] columns, out string? problem)
    {
        // columns[i] = index in the record of field i of CsvRequired + CsvOptional, or -1
        columns = new int[CsvRequired.Length + CsvOptional.Length];
        Array.Fill(columns, -1);
        problem = null;
        if (!TrySplit(line, out var names, out var splitProblem))
        {
            problem = $"header: {splitProblem}";
            return false;
        }

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
            problem = $"header: the CSV header lacks {string.Join(", ", missing)}; expected {string.Join(',', CsvRequired.Concat(CsvOptional))}.";
            return false;
        }

        return true;
    }

    private static bool TryParseCsv(string line, int[] columns, out TouchpointEvent? e, out string? problem)
    {
        e = null;
        if (!TrySplit(line, out var fields, out problem))
        {
            return false;
        }

        string? Field(int index) => columns[index] >= 0 && columns[index] < fields.Count && fields[columns[index]].Length > 0 ? fields[columns[index]] : null;

        var eventId = Field(0);
        var customerId = Field(1);
        var touchpoint = Field(2);
        var occurredAt = Field(3);
        problem = eventId is null ? "missing event_id."
            : customerId is null ? "missing customer_id."
            : touchpoint is null ? "missing touchpoint."
            : occurredAt is null ? "missing occurred_at."
            : null;
        if (problem is not null)
        {
            return false;
        }

        if (!DateTimeOffset.TryParse(occurredAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            problem = $"occurred_at '{occurredAt}' is not an ISO 8601 date and time, e.g. 2025-06-01T10:00:00Z.";
            return false;
        }

        decimal? value = null;
        if (Field(5) is { } text)
        {
            if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                problem = $"value '{text}' is not a decimal number (invariant culture, e.g. 49.90).";
                return false;
            }

            value = amount;
        }

        e = new TouchpointEvent(eventId!, customerId!, touchpoint!, at, Field(4), value, Field(6));
        return true;
    }

    /// <summary>Splits one CSV record (RFC 4180 quoting, no line breaks inside fields).</summary>
    private static bool TrySplit(string line, out List<string> fields, out string? problem)
    {
        fields = [];
        problem = null;
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        problem = "unterminated quoted field.";
                        return false;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i++]);
                }

                if (i < line.Length && line[i] != ',')
                {
                    problem = $"unexpected character after a quoted field at column {i + 1}.";
                    return false;
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    field.Append(line[i++]);
                }
            }

            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return true;
            }

            i++; // the comma
        }
    }
}
