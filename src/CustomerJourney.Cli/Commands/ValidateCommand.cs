using System.CommandLine;

namespace CustomerJourney.Cli.Commands;

/// <summary><c>journey validate FILE.json</c>: 0 when valid, 1 with every error when invalid, 2 when unreadable.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "The definition's JSON file." };
        var command = new Command("validate", "Validate a journey definition, listing every error.") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var code = DefinitionSource.TryLoad(path, console, out var definition);
            if (code == JourneyCli.Ok)
            {
                console.Out.WriteLine(
                    $"{path}: valid: '{definition!.Name}' v{definition.Version}, {definition.Stages.Count} stages, {definition.Touchpoints.Count} touchpoints, "
                    + $"{definition.Transitions.Count} transitions, start '{definition.StartStage}', goal {string.Join(", ", definition.GoalStages.Select(g => $"'{g}'"))}.");
            }

            return code;
        });
        return command;
    }
}
