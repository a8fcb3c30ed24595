using System.CommandLine;
using CustomerJourney.Cli.Commands;

namespace CustomerJourney.Cli;

/// <summary>The <c>journey</c> command line: builds the command tree and runs it against given writers.</summary>
internal static class JourneyCli
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Ok = 0;

    /// <summary>Exit code when the input is understood but invalid (e.g. a definition with errors).</summary>
    public const int Invalid = 1;

    /// <summary>Exit code when the input cannot be read or the command line is wrong.</summary>
    public const int Unreadable = 2;

    /// <summary>Exit code when a store fails: cannot be reached or written, or is damaged (one line says which and what to do).</summary>
    public const int StoreFailed = 3;

    /// <summary>The command's reference (every command, option, file format and exit code), named in <c>journey --help</c>.</summary>
    public const string DocsUrl = "https://github.com/customerjourney/customerjourney/blob/main/docs/cli.md";

    /// <summary>What <c>journey --help</c> says the command does.</summary>
    public const string Description =
        "journey: customer journeys as state machines.\n"
        + "  Try it: 'journey demo' simulates a storefront, stores its events in SQLite, prints the funnel, attribution and KPIs\n"
        + "  and writes an HTML journey report.\n"
        + "  Ingest: 'track' records a CSV or JSON Lines events file in a SQLite or PostgreSQL store; 'generate' writes test events;\n"
        + "  'link' joins an anonymous id to a known customer; 'deliveries' lists and re-drives handler deliveries.\n"
        + "  Analyse a store or an events file: 'report' (HTML), 'funnel', 'paths', 'predict'; 'attribution' over path data.\n"
        + "  Definitions: 'templates' lists and exports the built-in ones, 'validate' checks one, 'diagram' draws one,\n"
        + "  'diff' compares two versions and previews how many customers a change would move.\n"
        + "Reference (commands, file formats, exit codes): " + DocsUrl;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand(Description);
        var console = new CliConsole(output, error);
        root.Subcommands.Add(DemoCommand.Create(console));
        root.Subcommands.Add(TrackCommand.Create(console));
        root.Subcommands.Add(GenerateCommand.Create(console));
        root.Subcommands.Add(LinkCommand.Create(console));
        root.Subcommands.Add(DeliveriesCommand.Create(console));
        root.Subcommands.Add(ReportCommand.Create(console));
        root.Subcommands.Add(FunnelCommand.Create(console));
        root.Subcommands.Add(PathsCommand.Create(console));
        root.Subcommands.Add(PredictCommand.Create(console));
        root.Subcommands.Add(AttributionCommand.Create(console));
        root.Subcommands.Add(TemplatesCommand.Create(console));
        root.Subcommands.Add(ValidateCommand.Create(console));
        root.Subcommands.Add(DiagramCommand.Create(console));
        root.Subcommands.Add(DiffCommand.Create(console));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                error.WriteLine($"error: {parseError.Message}");
            }

            error.WriteLine("Run 'journey --help' for usage.");
            return Unreadable;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (StoreFailures.Classify(ex) is { } failure)
        {
            error.WriteLine($"error: {failure.Message}");
            return StoreFailed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {ex.Message}");
            return Unreadable;
        }
    }
}

/// <summary>The writers commands print to.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error);
