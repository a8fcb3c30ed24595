using System.Globalization;
using System.Text;
using CustomerJourney.Analytics.Attribution;
using CustomerJourney.Cli.Commands;
using CustomerJourney.Definitions;
using CustomerJourney.Diagrams;

namespace CustomerJourney.Fuzz;

/// <summary>
/// One entry point per parser. Each feeds arbitrary bytes to a parser and lets through only what the parser does not
/// document: its documented exceptions are the expected answer to bad input; anything else (another exception, a hang,
/// unbounded memory) is a finding. The test suite replays the committed corpus through the same targets.
/// </summary>
internal static class FuzzTargets
{
    /// <summary>The targets by name.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["definition"] = Definition,
        ["paths"] = Paths,
        ["storespec"] = StoreSpecs,
        ["events"] = Events,
    };

    /// <summary>
    /// An events file, read as CSV and as JSON Lines (what <c>journey track</c> and the analytics commands read): every
    /// line is an event or a problem the reader names; no exception, hang or unbounded memory.
    /// </summary>
    public static void Events(byte[] data)
    {
        foreach (var format in new[] { EventFile.Csv, EventFile.JsonLines })
        {
            using var stream = new MemoryStream(data, writable: false);
            foreach (var line in EventFile.Read(stream, format))
            {
                if (line.Event is null == line.Problem is null)
                {
                    throw new InvalidOperationException($"Line {line.Line} is neither an event nor a problem, or both.");
                }
            }
        }
    }

    /// <summary>
    /// A definition document: either a format error, a validation error, or a definition that survives a round trip
    /// through <see cref="JourneyJson.Serialize"/> unchanged and can be drawn in every format.
    /// </summary>
    public static void Definition(byte[] data)
    {
        JourneyDefinition definition;
        try
        {
            definition = JourneyJson.Parse(data.AsSpan());
        }
        catch (JourneyDefinitionFormatException)
        {
            return;
        }
        catch (JourneyDefinitionException)
        {
            return;
        }

        var again = JourneyJson.Parse(JourneyJson.Serialize(definition));
        if (!again.Equals(definition))
        {
            throw new InvalidOperationException("A definition changed in a JSON round trip.");
        }

        _ = JourneyDiagrams.ToMermaid(definition);
        _ = JourneyDiagrams.ToDot(definition, CultureInfo.GetCultureInfo("lt"));
        _ = JourneyDiagrams.ToMermaidJourney(definition, CultureInfo.GetCultureInfo("fa"));
    }

    /// <summary>Path CSV: a format error, or a dataset every model attributes (overflow and Shapley's limit are documented).</summary>
    public static void Paths(byte[] data)
    {
        PathDataset dataset;
        try
        {
            using var stream = new MemoryStream(data, writable: false);
            dataset = ChannelPathCsv.Read(stream);
        }
        catch (PathDataFormatException)
        {
            return;
        }

        foreach (var model in Enum.GetValues<AttributionModel>())
        {
            for (var order = 1; order <= (model == AttributionModel.Markov ? 3 : 1); order++)
            {
                try
                {
                    var result = AttributionEngine.Compute(dataset, new AttributionOptions { Model = model, MarkovOrder = order });
                    if (result.Channels.Any(c => !double.IsFinite(c.Conversions) || c.Value < 0))
                    {
                        throw new InvalidOperationException($"{model} gave a credit that is not finite, or a negative value.");
                    }
                }
                catch (TooManyChannelsException) when (model == AttributionModel.Shapley)
                {
                }
                catch (OverflowException)
                {
                }
            }
        }
    }

    /// <summary>A <c>--store</c> value: redaction never throws and never prints a password Npgsql would use.</summary>
    public static void StoreSpecs(byte[] data)
    {
        var spec = Encoding.UTF8.GetString(data);
        var redacted = StoreSpec.Redact(spec);
        var (kind, target) = StoreSpec.Split(spec);
        if (!string.Equals(kind, "postgres", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        try
        {
            var (builder, _) = StoreSpec.PostgreSqlTarget(target);
            foreach (var secret in new[] { builder.Password, builder.SslPassword })
            {
                if (secret is { Length: >= 8 } && !secret.Contains("***", StringComparison.Ordinal) && redacted.Contains(secret, StringComparison.Ordinal)
                    && !redacted.Replace(secret, string.Empty, StringComparison.Ordinal).Contains("***", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("A password was printed in clear.");
                }
            }
        }
        catch (ArgumentException)
        {
        }
    }
}
