using System.CommandLine;
using CustomerJourney.Definitions.Rules;

namespace CustomerJourney.Cli.Commands;

/// <summary>
/// <c>journey validate FILE.json</c>: 0 when valid, 1 with every error when invalid (or when a stage rule of its <c>rules</c> section
/// is violated: each with its shortest counterexample), 2 when unreadable.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "The definition's JSON file." };
        var command = new Command("validate", "Validate a journey definition, listing every error, and check its stage rules.") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var code = DefinitionSource.TryLoad(path, console, out var definition);
            if (code == JourneyCli.Ok)
            {
                console.Out.WriteLine(
                    $"{path}: valid: '{definition!.Name}' v{definition.Version}, {definition.Stages.Count} stages, {definition.Touchpoints.Count} touchpoints, "
                    + $"{definition.Transitions.Count} transitions, start '{definition.StartStage}', goal {string.Join(", ", definition.GoalStages.Select(g => $"'{g}'"))}.");
                code = CheckRules(path, definition, console);
            }

            return code;
        });
        return command;
    }

    /// <summary>Checks the definition's stage rules exactly: holding rules on standard output, violations on standard error (exit 1).</summary>
    private static int CheckRules(string path, Definitions.JourneyDefinition definition, CliConsole console)
    {
        var code = JourneyCli.Ok;
        foreach (var result in new StageRuleChecker(definition).CheckAll())
        {
            switch (result.Verdict)
            {
                case RuleVerdict.Holds:
                    console.Out.WriteLine($"{path}: rule holds: {result.Rule.Describe()}");
                    break;
                case RuleVerdict.Violated:
                    console.Error.WriteLine($"{path}: rule violated: {result.Rule.Describe()}; counterexample: {result.Counterexample}");
                    code = JourneyCli.Invalid;
                    break;
                default:
                    console.Out.WriteLine($"{path}: rule violated if guards allow (test it with sampling): {result.Rule.Describe()}; counterexample: {result.Counterexample}");
                    break;
            }
        }

        return code;
    }
}
