using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CustomerJourney.Sqlite;

/// <summary>An event's property bag as a JSON object of strings, without reflection.</summary>
internal static class PropertiesJson
{
    public static string Write(IReadOnlyDictionary<string, string> properties)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (key, value) in properties)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static Dictionary<string, string> Read(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
        reader.Read(); // {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            result[key] = reader.GetString() ?? string.Empty;
        }

        return result;
    }
}
