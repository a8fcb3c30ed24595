using System.CommandLine;
using System.Globalization;
using CustomerJourney.Definitions;
using CustomerJourney.Templates;

namespace CustomerJourney.Cli.Commands;

/// <summary><c>journey templates</c> and <c>journey templates export NAME</c>.</summary>
internal static class TemplatesCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("templates", "List the built-in journey templates.");
        command.SetAction(_ =>
        {
            var en = CultureInfo.GetCultureInfo("en");
            foreach (var definition in JourneyTemplates.All)
            {
                var stages = string.Join(" → ", definition.Stages.Where(s => !definition.Stages.Any(c => c.SuperStage == s.Id)).Select(s => s.GetDisplayName(en)));
                console.Out.WriteLine($"{definition.Name,-14} v{definition.Version}  {definition.Stages.Count,2} stages, {definition.Touchpoints.Count,2} touchpoints, {definition.Transitions.Count,2} transitions");
                console.Out.WriteLine($"{string.Empty,-14}      {stages}");
            }

            console.Out.WriteLine();
            console.Out.WriteLine("Export one with: journey templates export NAME > journey.json");
            return JourneyCli.Ok;
        });

        var name = new Argument<string>("name") { Description = $"The template: {string.Join(", ", JourneyTemplates.Names)}." };
        var export = new Command("export", "Print a template's JSON definition.") { name };
        export.SetAction(parse =>
        {
            var value = parse.GetValue(name)!;
            if (!JourneyTemplates.TryGet(value, out var definition))
            {
                console.Error.WriteLine($"error: no built-in template is named '{value}'; the templates are: {string.Join(", ", JourneyTemplates.Names)}.");
                return JourneyCli.Unreadable;
            }

            console.Out.WriteLine(JourneyJson.Serialize(definition));
            return JourneyCli.Ok;
        });
        command.Subcommands.Add(export);
        return command;
    }
}
