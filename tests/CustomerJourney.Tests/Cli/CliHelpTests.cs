using System.Text.RegularExpressions;
using CustomerJourney.Cli;

namespace CustomerJourney.Tests.Cli;

/// <summary><c>journey --help</c> names every command and a reference that exists and documents every command and option.</summary>
public sealed partial class CliHelpTests
{
    private static readonly string[] Commands = ["demo", "track", "generate", "link", "deliveries", "report", "funnel", "paths", "predict", "attribution", "templates", "validate", "diagram", "diff"];

    [Fact]
    public void Help_Root_NamesEveryCommandAndTheReference()
    {
        var (code, output, _) = Run("--help");

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Contains(JourneyCli.DocsUrl, output, StringComparison.Ordinal);
        Assert.DoesNotContain("List templates, validate definitions, draw diagrams", output, StringComparison.Ordinal);
        var listed = CommandLines().Matches(output[output.IndexOf("Commands:", StringComparison.Ordinal)..]).Select(m => m.Groups["name"].Value).ToArray();
        Assert.Equal(Commands.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.All(Commands, command => Assert.Matches($"'(journey )?{command}'", JourneyCli.Description));
    }

    [Fact]
    public void Reference_NamedInHelp_IsInTheRepositoryAndLinkedFromTheToolPackage()
    {
        var root = RepositoryRoot();
        const string prefix = "https://github.com/customerjourney/customerjourney/blob/main/";
        Assert.StartsWith(prefix, JourneyCli.DocsUrl, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, JourneyCli.DocsUrl[prefix.Length..])), $"{JourneyCli.DocsUrl} names no file of the repository.");
        Assert.Contains(JourneyCli.DocsUrl, File.ReadAllText(Path.Combine(root, "src", "CustomerJourney.Cli", "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_EveryCommandsOptions_AreDocumentedInItsSection()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "cli.md")).ReplaceLineEndings("\n");
        foreach (var command in Commands)
        {
            var (code, output, _) = Run(command, "--help");
            Assert.Equal(JourneyCli.Ok, code);
            var section = Section(doc, command);
            var options = LongOptions().Matches(output).Select(m => m.Value).Where(o => o != "--help").Distinct().ToArray();
            Assert.All(options, option => Assert.True(section.Contains(option, StringComparison.Ordinal), $"docs/cli.md does not document {option} of 'journey {command}'."));
        }
    }

    private static string Section(string doc, string command)
    {
        var heading = SectionHeadings().Matches(doc).FirstOrDefault(m => m.Groups["names"].Value.Split(", ").Contains($"journey {command}"));
        Assert.True(heading is not null, $"docs/cli.md has no section for 'journey {command}'.");
        var next = doc.IndexOf("\n## ", heading.Index + heading.Length, StringComparison.Ordinal);
        return next < 0 ? doc[heading.Index..] : doc[heading.Index..next];
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = JourneyCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CustomerJourney.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (CustomerJourney.sln) was not found above the test binaries.");
    }

    [GeneratedRegex(@"^  (?<name>[a-z]+)\b", RegexOptions.Multiline)]
    private static partial Regex CommandLines();

    [GeneratedRegex(@"--[a-z][a-z-]*")]
    private static partial Regex LongOptions();

    [GeneratedRegex(@"^## (?<names>journey [a-z]+(, journey [a-z]+)*)$", RegexOptions.Multiline)]
    private static partial Regex SectionHeadings();
}
