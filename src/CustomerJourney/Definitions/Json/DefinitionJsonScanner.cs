using System.Text.Json;

namespace CustomerJourney.Definitions.Json;

/// <summary>
/// Checks a definition document's shape before it is deserialized, so that every structural mistake is reported with
/// its line, position and JSON path in the document's own terms: a property that is not part of the format (with the
/// properties allowed there), a property given twice in one object, a <c>null</c> entry in an array or a <c>null</c>
/// display name, and nesting deeper than <see cref="JourneyJson.MaxDepth"/>.
/// </summary>
internal static class DefinitionJsonScanner
{
    private const string Root = "definition";
    private const string Stage = "stage";
    private const string Names = "names";
    private const string Touchpoint = "touchpoint";
    private const string Kpi = "KPI";
    private const string Transition = "transition";
    private const string Inactivity = "inactivity rule";
    private const string Rule = "rule";
    private const string Text = "string";

    /// <summary>The properties each kind of object may have; <see cref="Names"/> takes any culture name.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        [Root] = ["$schema", "name", "version", "description", "start", "stages", "touchpoints", "transitions", "inactivity", "rules"],
        [Stage] = ["id", "names", "superStage", "goal", "terminal", "description"],
        [Touchpoint] = ["id", "channel", "stages", "owner", "task", "description", "kpis"],
        [Kpi] = ["name", "metric", "target", "unit", "direction"],
        [Transition] = ["from", "on", "to", "kind", "guard"],
        [Inactivity] = ["stage", "afterDays", "after", "to"],
        [Rule] = ["kind", "name", "stage", "before", "passes", "channel", "touchpoint"],
    };

    /// <summary>Throws <see cref="JourneyDefinitionFormatException"/> at the first structural mistake.</summary>
    /// <exception cref="JsonException">The text is not well-formed JSON (the caller turns it into a format error).</exception>
    public static void Check(ReadOnlySpan<byte> json)
    {
        for (var at = 0; at < json.Length;)
        {
            if (System.Text.Rune.DecodeFromUtf8(json[at..], out _, out var length) != System.Buffers.OperationStatus.Done)
            {
                var (line, position) = LineAndPosition(json, at);
                throw new JourneyDefinitionFormatException(
                    $"Malformed journey definition at line {line}, position {position}: the document is not valid UTF-8 (byte 0x{json[at]:X2}).", line, position);
            }

            at += length;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = JourneyJson.MaxDepth,
        });
        var stack = new Stack<Frame>();
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                {
                    var frame = stack.Peek();
                    property = reader.GetString()!;
                    if (!frame.Seen!.Add(property))
                    {
                        Fail(json, reader, PathOf(frame.Path, Member(property)), $"the property '{property}' is given twice in this {frame.Context} object");
                    }

                    if (frame.Context is not null && Allowed.TryGetValue(frame.Context, out var allowed) && !allowed.Contains(property, StringComparer.Ordinal))
                    {
                        Fail(json, reader, PathOf(frame.Path, Member(property)), $"'{property}' is not a property of a {frame.Context}; expected one of: {string.Join(", ", allowed)}");
                    }

                    break;
                }

                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    break;

                default:
                {
                    var (path, context) = Locate(stack, property);
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        stack.Push(new Frame(path, context, new HashSet<string>(StringComparer.Ordinal), null));
                    }
                    else if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        stack.Push(new Frame(path, null, null, ElementOf(context)));
                    }
                    else if (reader.TokenType == JsonTokenType.Null && stack.Count > 0)
                    {
                        var parent = stack.Peek();
                        if (parent.Seen is null)
                        {
                            Fail(json, reader, PathOf(path, string.Empty), $"an array entry is null; expected a {parent.Element ?? "value"}");
                        }

                        if (parent.Context == Names)
                        {
                            Fail(json, reader, PathOf(path, string.Empty), "a display name is null; expected a string");
                        }
                    }

                    break;
                }
            }
        }
    }

    private static (string Path, string? Context) Locate(Stack<Frame> stack, string? property)
    {
        if (stack.Count == 0)
        {
            return (string.Empty, Root);
        }

        var parent = stack.Peek();
        if (parent.Seen is null)
        {
            var index = parent.Count++;
            return ($"{parent.Path}[{index}]", parent.Element);
        }

        var context = (parent.Context, property) switch
        {
            (Root, "stages") => "stages",
            (Root, "touchpoints") => "touchpoints",
            (Root, "transitions") => "transitions",
            (Root, "inactivity") => "inactivity",
            (Root, "rules") => "rules",
            (Stage, "names") => Names,
            (Touchpoint, "kpis") => "kpis",
            (Touchpoint, "stages") => "stage ids",
            _ => null,
        };
        return (parent.Path + Member(property!), context);
    }

    private static string? ElementOf(string? arrayContext) => arrayContext switch
    {
        "stages" => Stage,
        "touchpoints" => Touchpoint,
        "transitions" => Transition,
        "inactivity" => Inactivity,
        "rules" => Rule,
        "kpis" => Kpi,
        "stage ids" => Text,
        _ => null,
    };

    private static string Member(string property) =>
        property.Length > 0 && property.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$') ? "." + property : $"['{property.Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static string PathOf(string path, string member) => "$" + path + member;

    private static (int Line, int Position) LineAndPosition(ReadOnlySpan<byte> json, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (json[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }

    private static void Fail(ReadOnlySpan<byte> json, Utf8JsonReader reader, string path, string problem)
    {
        var (line, position) = LineAndPosition(json, (int)reader.TokenStartIndex);
        throw new JourneyDefinitionFormatException($"Malformed journey definition at line {line}, position {position} ({path}): {problem}.", line, position, path);
    }

    private sealed class Frame(string path, string? context, HashSet<string>? seen, string? element)
    {
        public string Path { get; } = path;

        /// <summary>For objects: what kind of object (null when not part of the format, e.g. a value of the wrong type).</summary>
        public string? Context { get; } = context;

        /// <summary>For objects: the property names seen so far; null for arrays.</summary>
        public HashSet<string>? Seen { get; } = seen;

        /// <summary>For arrays: what each entry should be.</summary>
        public string? Element { get; } = element;

        public int Count { get; set; }
    }
}
