using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CustomerJourney.PostgreSql;

/// <summary>An event's property bag as a JSON object of strings, without reflection.</summary>
internal static class PropertiesJson
{
    public static string? Write(IReadOnlyDictionary<string, string>? properties)
    {
        if (properties is null)
        {
            return null;
        }

        if (properties.Count == 0)
        {
            return "{}";
        }

        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in properties)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static Dictionary<string, string>? Read(string? json)
    {
        if (json is null)
        {
            return null;
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read(); // StartObject
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            properties[key] = reader.TokenType == JsonTokenType.String ? reader.GetString()! : JsonValueText(ref reader);
        }

        return properties;
    }

    private static string JsonValueText(ref Utf8JsonReader reader)
    {
        // only strings are written; anything else (edited by hand in the database) is kept as its JSON text
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }
}
