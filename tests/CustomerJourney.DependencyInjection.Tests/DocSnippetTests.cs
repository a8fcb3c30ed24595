using System.Text.RegularExpressions;

namespace CustomerJourney.DependencyInjection.Tests;

public sealed partial class DocSnippetTests
{
    [Fact]
    public void TrackingAndDiDoc_SampleSnippets_AppearVerbatimInTheirFiles()
    {
        var root = RepositoryRoot();
        var doc = File.ReadAllText(Path.Combine(root, "docs", "tracking-and-di.md"));
        var checkedSnippets = 0;
        string? file = null;
        foreach (Match m in Pieces().Matches(doc))
        {
            if (m.Groups["heading"].Success)
            {
                file = null;
                continue;
            }

            if (m.Groups["file"].Success)
            {
                file = m.Groups["file"].Value;
                continue;
            }

            if (file is null)
            {
                continue;
            }

            var source = File.ReadAllText(Path.Combine(root, file)).ReplaceLineEndings("\n");
            var snippet = m.Groups["code"].Value.ReplaceLineEndings("\n");
            Assert.True(source.Contains(snippet, StringComparison.Ordinal), $"The snippet after `{file}` in docs/tracking-and-di.md is not in that file:\n{snippet}");
            checkedSnippets++;
        }

        Assert.True(checkedSnippets >= 3, $"Only {checkedSnippets} snippets name their sample file.");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CustomerJourney.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CustomerJourney.sln not found above the test binaries.");
    }

    // A file named like `src/CustomerJourney.Sample/X.cs` applies to the csharp blocks after it, up to the next heading.
    [GeneratedRegex(@"(?<heading>\n#+ )|`(?<file>src/CustomerJourney\.Sample/[A-Za-z]+\.cs)`|```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Pieces();
}
