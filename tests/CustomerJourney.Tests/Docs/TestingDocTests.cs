using System.Text.RegularExpressions;
using CustomerJourney.Cli;

namespace CustomerJourney.Tests.Docs;

/// <summary>
/// docs/testing.md quotes the sample test project (tests/CustomerJourney.Testing.Sample), which is built and run with the other tests:
/// every C# and JSON block of the page must appear verbatim (up to indentation) in the sample's files, and the shown
/// <c>journey validate</c> output must be what the command prints.
/// </summary>
public sealed partial class TestingDocTests
{
    private static readonly string Root = FindRoot();
    private static readonly string Sample = Path.Combine(Root, "tests", "CustomerJourney.Testing.Sample");

    public static TheoryData<string, int> Blocks()
    {
        var data = new TheoryData<string, int>();
        var blocks = Fenced().Matches(File.ReadAllText(Path.Combine(Root, "docs", "testing.md")));
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Groups["lang"].Value is "csharp" or "json")
            {
                data.Add(blocks[i].Groups["lang"].Value, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void CodeBlock_IsQuotedFromTheSampleProject(string language, int index)
    {
        var block = Fenced().Matches(File.ReadAllText(Path.Combine(Root, "docs", "testing.md")))[index].Groups["body"].Value;
        var sources = Directory.EnumerateFiles(Sample, language == "csharp" ? "*.cs" : "*.json").Select(File.ReadAllText).Select(Normalize);

        Assert.Contains(sources, source => source.Contains(Normalize(block), StringComparison.Ordinal));
    }

    [Fact]
    public void Page_QuotesTheWholeSampleTestClass()
    {
        var source = File.ReadAllText(Path.Combine(Sample, "TrialJourneyTests.cs"));
        var page = File.ReadAllText(Path.Combine(Root, "docs", "testing.md"));
        var testClass = source[source.IndexOf("public sealed class TrialJourneyTests", StringComparison.Ordinal)..].TrimEnd();

        Assert.Contains(testClass.ReplaceLineEndings("\n"), page.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.InRange(testClass.Split('\n').Length, 1, 29); // the whole class, braces included: under 30 lines
    }

    [Fact]
    public void ValidateOutput_IsWhatTheCommandPrints()
    {
        var shown = Fenced().Matches(File.ReadAllText(Path.Combine(Root, "docs", "testing.md"))).Single(m => m.Groups["lang"].Value == "text").Groups["body"].Value;
        var path = Path.Combine(Sample, "trial.json");
        var output = new StringWriter();
        var error = new StringWriter();

        var code = JourneyCli.Run(["validate", path], output, error);

        Assert.Equal(JourneyCli.Invalid, code);
        Assert.Equal(shown.Trim().ReplaceLineEndings("\n"), (output.ToString() + error).Replace(path, "trial.json", StringComparison.Ordinal).Trim().ReplaceLineEndings("\n"));
    }

    private static string Normalize(string text) =>
        string.Join("\n", text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [GeneratedRegex(@"^```(?<lang>\w+)\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fenced();

    private static string FindRoot()
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
}
