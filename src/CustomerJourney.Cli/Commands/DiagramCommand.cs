using System.CommandLine;
using System.Globalization;
using CustomerJourney.Diagrams;

namespace CustomerJourney.Cli.Commands;

/// <summary><c>journey diagram FILE.json --format mermaid|dot|journey [--culture lt]</c>.</summary>
internal static class DiagramCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "The definition's JSON file, or a built-in template name." };
        var format = new Option<string>("--format", "-f") { Description = "mermaid (state diagram), dot (Graphviz) or journey (Mermaid journey map).", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot", "journey");
        var culture = new Option<string>("--culture") { Description = "Culture of stage names (en, lt, sk, fi, ru, fa); stage keys stay the diagram's IDs.", DefaultValueFactory = _ => "en" };
        var command = new Command("diagram", "Print a diagram of a journey definition.") { file, format, culture };
        command.SetAction(parse =>
        {
            var code = DefinitionSource.TryLoad(parse.GetValue(file)!, console, out var definition);
            if (code != JourneyCli.Ok)
            {
                return code;
            }

            CultureInfo cultureInfo;
            try
            {
                cultureInfo = CultureInfo.GetCultureInfo(parse.GetValue(culture)!);
            }
            catch (CultureNotFoundException)
            {
                console.Error.WriteLine($"error: unknown culture '{parse.GetValue(culture)}'.");
                return JourneyCli.Unreadable;
            }

            console.Out.Write(parse.GetValue(format) switch
            {
                "dot" => JourneyDiagrams.ToDot(definition!, cultureInfo),
                "journey" => JourneyDiagrams.ToMermaidJourney(definition!, cultureInfo),
                _ => JourneyDiagrams.ToMermaid(definition!, cultureInfo),
            });
            console.Out.WriteLine();
            return JourneyCli.Ok;
        });
        return command;
    }
}
