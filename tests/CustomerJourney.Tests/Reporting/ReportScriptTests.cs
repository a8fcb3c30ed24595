using System.Diagnostics;
using CustomerJourney.Reporting;

namespace CustomerJourney.Tests.Reporting;

/// <summary>
/// The page script's helpers under Node's own test runner (<c>node --test</c>, Node 18 or later): the script embedded in
/// the package is written out and <c>Reporting/Script/report.test.js</c> runs against it. Skipped when <c>node</c> is
/// not installed.
/// </summary>
public sealed class ReportScriptTests
{
    [Fact]
    public async Task NodeTest_EmbeddedScript_HelpersPass()
    {
        var node = FindNode();
        if (node is null)
        {
            Assert.Skip("node is not installed; the page script's unit tests need Node 18 or later");
        }

        var directory = Directory.CreateTempSubdirectory("cj-report-js-").FullName;
        try
        {
            var script = Path.Combine(directory, "report.js");
            File.WriteAllText(script, ReportHtml.ScriptSource);
            var tests = Path.Combine(AppContext.BaseDirectory, "Reporting", "Script", "report.test.js");
            var start = new ProcessStartInfo(node, ["--test", tests]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.Environment["REPORT_JS"] = script;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "node --test did not finish");
            var output = await stdout + await stderr;
            Assert.True(process.ExitCode == 0, output);
            Assert.Contains("# fail 0", output);
            Assert.Matches(@"# pass [1-9]", output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string? FindNode()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, "node");
            if (directory.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
