using System.Text.Json;

namespace CustomerJourney.Reporting;

/// <summary>
/// The report model as JSON (System.Text.Json, camelCase names, enums as names): what the page's script reads and
/// what the dashboard serves. The default encoder escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>, so the JSON can sit
/// inside a <c>script</c> element.
/// </summary>
public static class ReportJson
{
    /// <summary>The model as JSON.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return JsonSerializer.Serialize(model, ReportJsonContext.Default.ReportModel);
    }

    /// <summary>Writes the model as UTF-8 JSON to <paramref name="stream"/>.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="model">The model.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the model is written.</returns>
    public static Task SerializeAsync(Stream stream, ReportModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(model);
        return JsonSerializer.SerializeAsync(stream, model, ReportJsonContext.Default.ReportModel, cancellationToken);
    }

    /// <summary>Reads a model back from JSON written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The model.</returns>
    /// <exception cref="JsonException">The text is not a report model.</exception>
    public static ReportModel Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, ReportJsonContext.Default.ReportModel) ?? throw new JsonException("The JSON is null, not a report model.");
    }
}
