using System.Diagnostics;

namespace CustomerJourney.Tests.Reporting;

/// <summary>
/// Debian's headless Chromium (<c>/usr/bin/chromium</c>, or <c>CJ_CHROMIUM</c>) run as a process with the flags this
/// machine needs. When it is missing the test is skipped, except under <c>CI=true</c> where it fails.
/// </summary>
internal static class Chromium
{
    public static string Path => Environment.GetEnvironmentVariable("CJ_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Skips (or, under CI, fails) the calling test when Chromium is not installed.</summary>
    public static void Require()
    {
        if (File.Exists(Path))
        {
            return;
        }

        var message = $"headless Chromium not found at {Path} (apt-get install chromium, or set CJ_CHROMIUM)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message + "; CI=true requires it.");
        }

        Assert.Skip(message);
    }

    /// <summary>Runs Chromium on <paramref name="url"/> with extra arguments; returns its exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Error) Run(string url, params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("cj-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var flag in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}",
                "--enable-logging=stderr", "--v=0"])
            {
                start.ArgumentList.Add(flag);
            }

            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add(url);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"Chromium did not finish on {url}");
            }

            return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium's helpers may still hold files for a moment; the temp directory is cleaned up by the OS.
            }
        }
    }

    /// <summary>The console errors Chromium logged to stderr (uncaught exceptions and console.error).</summary>
    public static IReadOnlyList<string> ConsoleErrors(string stderr) =>
        stderr.Split('\n').Where(l => l.Contains("Uncaught", StringComparison.Ordinal) || l.Contains(":CONSOLE", StringComparison.Ordinal)).ToArray();
}
