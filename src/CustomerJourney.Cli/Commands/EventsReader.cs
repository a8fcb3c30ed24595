using System.Text.Json;
using CustomerJourney.Tracking;

namespace CustomerJourney.Cli.Commands;

/// <summary>
/// Reads an events file in JSON Lines: one <see cref="TouchpointEvent"/> per line, as an object with
/// <c>eventId</c>, <c>customerId</c>, <c>touchpoint</c>, <c>occurredAt</c> (ISO 8601; UTC without an offset, see <see cref="EventTime"/>) and optional <c>channel</c>,
/// <c>value</c> (number), <c>segment</c> and <c>properties</c> (object of strings). Blank lines are skipped.
/// </summary>
internal static class EventsReader
{
    /// <summary>Reads every event of <paramref name="path"/>; on the first malformed line prints "FILE:LINE: error: ..." and returns 2.</summary>
    public static int TryRead(string path, CliConsole console, out List<(int Line, TouchpointEvent Event)> events)
    {
        events = [];
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot read '{path}': {ex.Message}");
            return JourneyCli.Unreadable;
        }

        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!TryParse(line, out var e, out var problem))
            {
                console.Error.WriteLine($"{path}:{number}: error: {problem}");
                events = [];
                return JourneyCli.Unreadable;
            }

            events.Add((number, e!));
        }

        return JourneyCli.Ok;
    }

    internal static bool TryParse(string line, out TouchpointEvent? e, out string? problem)
    {
        e = null;
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "expected a JSON object (one event per line).";
                return false;
            }

            string? eventId = null, customerId = null, touchpoint = null, channel = null, segment = null, anonymousId = null;
            DateTimeOffset? occurredAt = null;
            decimal? value = null;
            Dictionary<string, string>? properties = null;
            foreach (var property in root.EnumerateObject())
            {
                var v = property.Value;
                switch (property.Name)
                {
                    case "eventId": eventId = String(v, "eventId", ref problem); break;
                    case "customerId": customerId = String(v, "customerId", ref problem); break;
                    case "touchpoint": touchpoint = String(v, "touchpoint", ref problem); break;
                    case "channel": channel = Optional(v, "channel", ref problem); break;
                    case "segment": segment = Optional(v, "segment", ref problem); break;
                    case "anonymousId": anonymousId = Optional(v, "anonymousId", ref problem); break;
                    case "occurredAt":
                        if (v.ValueKind == JsonValueKind.String && EventTime.TryParse(v.GetString(), out var at))
                        {
                            occurredAt = at;
                        }
                        else
                        {
                            problem ??= $"'occurredAt' {(v.ValueKind == JsonValueKind.String ? $"'{EventFile.Shorten(v.GetString())}' " : string.Empty)}must be an ISO 8601 date and time (UTC when it has no offset), e.g. \"2025-06-01T10:00:00Z\".";
                        }

                        break;
                    case "value":
                        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var amount))
                        {
                            value = amount;
                        }
                        else if (v.ValueKind != JsonValueKind.Null)
                        {
                            problem ??= "'value' must be a number.";
                        }

                        break;
                    case "properties":
                        if (v.ValueKind == JsonValueKind.Object)
                        {
                            properties = [];
                            foreach (var p in v.EnumerateObject())
                            {
                                properties[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                            }
                        }
                        else if (v.ValueKind != JsonValueKind.Null)
                        {
                            problem ??= "'properties' must be an object.";
                        }

                        break;
                    default:
                        break;
                }
            }

            problem ??= eventId is null ? "missing 'eventId'."
                : customerId is null ? "missing 'customerId'."
                : touchpoint is null ? "missing 'touchpoint'."
                : occurredAt is null ? "missing 'occurredAt'."
                : null;
            if (problem is not null)
            {
                return false;
            }

            e = new TouchpointEvent(eventId!, customerId!, touchpoint!, occurredAt!.Value) { Channel = channel, Value = value, Segment = segment, Properties = properties, AnonymousId = anonymousId };
            return true;
        }
        catch (JsonException ex)
        {
            problem = $"malformed JSON: {ex.Message}";
            return false;
        }
    }

    private static string? String(JsonElement v, string name, ref string? problem)
    {
        if (v.ValueKind == JsonValueKind.String)
        {
            return v.GetString();
        }

        problem ??= $"'{name}' must be a string.";
        return null;
    }

    private static string? Optional(JsonElement v, string name, ref string? problem) =>
        v.ValueKind == JsonValueKind.Null ? null : String(v, name, ref problem);
}
