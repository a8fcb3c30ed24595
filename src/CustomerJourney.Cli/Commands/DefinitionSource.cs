using CustomerJourney.Definitions;

namespace CustomerJourney.Cli.Commands;

/// <summary>Loads a definition from a file or a template name, printing errors the way every command does.</summary>
internal static class DefinitionSource
{
    /// <summary>Loads <paramref name="path"/>; returns an exit code other than 0 when it cannot.</summary>
    public static int TryLoad(string path, CliConsole console, out JourneyDefinition? definition)
    {
        definition = null;
        if (!File.Exists(path))
        {
            if (Templates.JourneyTemplates.TryGet(path, out definition))
            {
                return JourneyCli.Ok;
            }

            console.Error.WriteLine($"error: cannot read '{path}': no such file (or built-in template).");
            return JourneyCli.Unreadable;
        }

        try
        {
            definition = JourneyJson.Load(path);
            return JourneyCli.Ok;
        }
        catch (JourneyDefinitionFormatException ex)
        {
            console.Error.WriteLine($"{path}:{ex.Line ?? 1}:{ex.Position ?? 1}: error: {ex.Message}");
            return JourneyCli.Unreadable;
        }
        catch (JourneyDefinitionException ex)
        {
            foreach (var failure in ex.Errors)
            {
                console.Error.WriteLine($"{path}: {failure.Code} {failure.Path}: {failure.Message}");
            }

            console.Error.WriteLine($"{path}: {ex.Errors.Count} error(s).");
            return JourneyCli.Invalid;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot read '{path}': {ex.Message}");
            return JourneyCli.Unreadable;
        }
    }
}
