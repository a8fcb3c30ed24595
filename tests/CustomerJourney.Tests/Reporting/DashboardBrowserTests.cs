using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerJourney.Analytics;
using CustomerJourney.Cli.Simulation;
using CustomerJourney.DependencyInjection;
using CustomerJourney.Reporting;
using CustomerJourney.Sample;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CustomerJourney.Tests.Reporting;

/// <summary>
/// The dashboard of the running sample host (Kestrel on loopback), opened by headless Chromium: its numbers against
/// the core analytics of the same tracker, segments (one of them literally named <c>all</c>, one <c>toString</c>), the
/// refresh interval, and authorization. The host's clock is a <see cref="FakeTimeProvider"/>, so "the refresh interval
/// passes" is a clock step, not a sleep. Screenshots go to <c>artifacts/dashboard/</c> under the test output.
/// </summary>
public sealed partial class DashboardBrowserTests
{
    private const string Password = "dashboard-test-password";
    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard");

    private sealed record Host(WebApplication App, FakeTimeProvider Clock, StoreBackedJourneyTracker Tracker, Uri Address) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private static async Task<Host> StartAsync(int customers, params string[] extra)
    {
        var ct = TestContext.Current.CancellationToken;
        var simulator = new StorefrontSimulator(JourneyTemplates.FiveStage, new SimulationOptions(5, customers, 26));
        var clock = new FakeTimeProvider(simulator.End);
        var app = SampleApp.Create(
            ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Dashboard:RefreshSeconds=60", .. extra],
            services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        await app.StartAsync(ct);
        var tracker = app.Services.GetRequiredService<IJourneyTrackerFactory>().Get("five-stage");
        foreach (var e in simulator.Run().SelectMany(c => c))
        {
            Assert.NotEqual(TrackOutcome.Rejected, (await tracker.TrackAsync(e, ct)).Outcome);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Host(app, clock, tracker, new Uri(address));
    }

    private static async Task PostAsync(HttpClient http, string id, string customer, string touchpoint, DateTimeOffset at, string? segment = null, decimal? value = null)
    {
        using var response = await http.PostAsJsonAsync("/events", new { eventId = id, customerId = customer, touchpoint, occurredAt = at, segment, value }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The core analytics of the tracker's stored journeys at the host's time, optionally of one segment.</summary>
    private static (long Journeys, FunnelReport Funnel) Expected(Host host, string? segment)
    {
        var snapshot = JourneySnapshot.ReadAsync(host.Tracker.Store, host.Tracker.Engine, host.Clock.GetUtcNow()).GetAwaiter().GetResult();
        var journeys = segment is null ? snapshot.Journeys : snapshot.Journeys.Where(j => j.Segment == segment).ToArray();
        return (journeys.Count, FunnelAnalysis.Compute(journeys, JourneyTemplates.FiveStage));
    }

    private static string Url(Host host, string path) =>
        new UriBuilder(host.Address) { UserName = "viewer", Password = Password, Path = path.Split('#')[0], Fragment = path.Contains('#', StringComparison.Ordinal) ? path.Split('#')[1] : string.Empty }.Uri.AbsoluteUri;

    private static string Open(Host host, string path)
    {
        var (code, dom, log) = Chromium.Run(Url(host, path), "--dump-dom");
        Assert.Equal(0, code);
        Assert.Empty(Chromium.ConsoleErrors(log));
        Assert.Contains("data-status=\"rendered\"", dom);
        Assert.Contains("<pre id=\"report-errors\" hidden=\"\"></pre>", dom);
        return dom;
    }

    private static void AssertShows(string dom, string segmentKey, (long Journeys, FunnelReport Funnel) expected)
    {
        Assert.Contains($"<body data-status=\"rendered\"", dom);
        Assert.Matches($"data-segment=\"{Regex.Escape(segmentKey)}\"", dom);
        Assert.Contains($"data-rendered-journeys=\"{expected.Journeys}\"", dom);
        Assert.Contains($"data-rendered-first=\"{expected.Funnel.Steps[0].Customers}\"", dom);
        foreach (var step in expected.Funnel.Steps)
        {
            Assert.Contains($"class=\"funnel-bar\" data-stage=\"{step.Stage}\" data-customers=\"{step.Customers}\"", dom);
        }

        Assert.DoesNotContain("class=\"funnel-bar\" data-stage=\"lapsed\"", dom);
        Assert.Contains($"data-rendered-conversion=\"{expected.Funnel.Conversion.ToString("R", CultureInfo.InvariantCulture)}\"", dom);
        foreach (var pass in expected.Funnel.Passes)
        {
            Assert.Contains($"<tr data-pass=\"{pass.Pass}\" data-conversion=\"{pass.Conversion.ToString("R", CultureInfo.InvariantCulture)}\">", dom);
        }
    }

    [Fact]
    public async Task Chromium_SampleHost_DashboardShowsCoreNumbersPerSegmentAndRefreshes()
    {
        Chromium.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var host = await StartAsync(1_500, $"--Dashboard:Password={Password}");
        using var http = new HttpClient { BaseAddress = host.Address };
        var now = host.Clock.GetUtcNow();

        // customers of a segment literally named "all", and one named "toString", tracked through the host's API
        for (var i = 0; i < 7; i++)
        {
            await PostAsync(http, $"all-{i}-1", $"all-{i}", "search-ad", now.AddHours(-30), "all");
            if (i < 3)
            {
                await PostAsync(http, $"all-{i}-2", $"all-{i}", "web-shop-checkout", now.AddHours(-20), "all", 25);
            }
        }

        await PostAsync(http, "ts-1", "ts", "radio-ad", now.AddHours(-5), "toString");

        // all journeys, then each segment by the selector's key in the address
        var dom = Open(host, "/journeys");
        AssertShows(dom, "*", Expected(host, null));
        Assert.Contains("<option value=\"\">All journeys (1508)</option>", dom);
        Assert.Contains("<option value=\"all\">all (7)</option>", dom);
        AssertShows(Open(host, "/journeys/five-stage#all"), "all", Expected(host, "all"));
        AssertShows(Open(host, "/journeys/five-stage#deal-seeker"), "deal-seeker", Expected(host, "deal-seeker"));
        AssertShows(Open(host, "/journeys/five-stage#toString"), "toString", Expected(host, "toString"));
        AssertShows(Open(host, "/journeys/five-stage#constructor"), "*", Expected(host, null));
        Assert.Equal(3.0 / 7, Expected(host, "all").Funnel.Conversion, 12);

        Directory.CreateDirectory(Artifacts);
        var screenshot = Path.Combine(Artifacts, "dashboard.png");
        File.Delete(screenshot);
        var (shotCode, _, shotLog) = Chromium.Run(Url(host, "/journeys"), $"--screenshot={screenshot}", "--window-size=1280,2600", "--hide-scrollbars");
        Assert.Equal(0, shotCode);
        Assert.Empty(Chromium.ConsoleErrors(shotLog));
        Assert.True(new FileInfo(screenshot).Length > 50_000, "the screenshot is not blank");

        // new customers who buy: cached until the refresh interval passes, then counted
        var before = Expected(host, null);
        for (var i = 0; i < 40; i++)
        {
            await PostAsync(http, $"new-{i}-1", $"new-{i}", "search-ad", now.AddMinutes(-30));
            await PostAsync(http, $"new-{i}-2", $"new-{i}", "web-shop-checkout", now.AddMinutes(-10), value: 99);
        }

        var after = Expected(host, null);
        Assert.Equal(before.Journeys + 40, after.Journeys);
        Assert.Equal(before.Funnel.Steps[2].Customers + 40, after.Funnel.Steps[2].Customers);
        AssertShows(Open(host, "/journeys"), "*", before);

        host.Clock.Advance(TimeSpan.FromSeconds(61));
        var expected = Expected(host, null);
        AssertShows(Open(host, "/journeys"), "*", expected);
        Assert.Equal(after.Journeys, expected.Journeys);

        // the JSON model behind the page: the same numbers
        using var request = new HttpRequestMessage(HttpMethod.Get, "/journeys/five-stage/model.json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"viewer:{Password}")));
        using var response = await http.SendAsync(request, ct);
        var model = ReportJson.Deserialize(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(expected.Journeys, model.All.Journeys);
        Assert.Equal(expected.Funnel.Steps, model.All.Funnel.Steps);
        Assert.Equal([SegmentBreakdown.NoSegment, "all", "deal-seeker", "ready-to-buy", "researcher", "toString"], model.Segments.Select(s => s.Name));
    }

    [Fact]
    public async Task Chromium_SampleHost_ChoosingSegmentsInTheSelectorRedrawsTheirNumbers()
    {
        Chromium.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var host = await StartAsync(400, $"--Dashboard:Password={Password}");
        using var http = new HttpClient { BaseAddress = host.Address };
        var now = host.Clock.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            await PostAsync(http, $"all-{i}-1", $"all-{i}", "search-ad", now.AddHours(-3), "all");
        }

        await using var page = await ChromiumPage.OpenAsync(Url(host, "/journeys"), ct);
        async Task AssertRenderedAsync(string key, (long Journeys, FunnelReport Funnel) expected)
        {
            Assert.Equal("rendered", await page.TextAsync("document.body.getAttribute('data-status')", ct));
            Assert.Equal(key, await page.TextAsync("document.body.getAttribute('data-segment')", ct));
            Assert.Equal(expected.Journeys.ToString(CultureInfo.InvariantCulture), await page.TextAsync("document.getElementById('summary').getAttribute('data-rendered-journeys')", ct));
            var bars = await page.TextAsync("Array.from(document.querySelectorAll('.funnel-bar')).map(function (b) { return b.getAttribute('data-stage') + '=' + b.getAttribute('data-customers'); }).join(' ')", ct);
            Assert.Equal(string.Join(' ', expected.Funnel.Steps.Select(st => $"{st.Stage}={st.Customers}")), bars);
        }

        await AssertRenderedAsync("*", Expected(host, null));
        await page.SelectAsync("#segment-select", "all", ct);
        await AssertRenderedAsync("all", Expected(host, "all"));
        Assert.Equal("#all", await page.TextAsync("location.hash", ct));
        await page.SelectAsync("#segment-select", "researcher", ct);
        await AssertRenderedAsync("researcher", Expected(host, "researcher"));
        await page.SelectAsync("#segment-select", "", ct);
        await AssertRenderedAsync("*", Expected(host, null));
        Assert.Equal(5, Expected(host, "all").Journeys);

        Directory.CreateDirectory(Artifacts);
        await page.SelectAsync("#segment-select", "all", ct);
        await page.ScreenshotAsync(Path.Combine(Artifacts, "dashboard-segment-all.png"), ct);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task ChromiumPage_ScriptErrors_AreCollected()
    {
        Chromium.Require();
        var ct = TestContext.Current.CancellationToken;
        var html = "<body data-status=rendered><script>console.error('broken'); null.x;</script></body>";

        await using var page = await ChromiumPage.OpenAsync("data:text/html;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(html)), ct);
        await page.WaitForAsync("true", ct);

        Assert.Contains(page.Errors, e => e.StartsWith("console.error:", StringComparison.Ordinal) && e.Contains("broken", StringComparison.Ordinal));
        Assert.Contains(page.Errors, e => e.StartsWith("uncaught:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SampleHost_NoCredentials_DashboardAndModelRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await StartAsync(50, $"--Dashboard:Password={Password}");
        using var http = new HttpClient { BaseAddress = host.Address };

        foreach (var path in (string[])["/journeys", "/journeys/five-stage", "/journeys/five-stage/model.json"])
        {
            using var anonymous = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
            using var wrong = new HttpRequestMessage(HttpMethod.Get, path);
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("viewer:wrong")));
            using var refused = await http.SendAsync(wrong, ct);
            using var right = new HttpRequestMessage(HttpMethod.Get, path);
            right.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"viewer:{Password}")));
            using var allowed = await http.SendAsync(right, ct);

            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.DoesNotContain("five-stage", await anonymous.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SampleHost_AnonymousOptIn_ServesWithoutCredentials()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await StartAsync(50, "--Dashboard:AllowAnonymous=true");
        using var http = new HttpClient { BaseAddress = host.Address };

        var json = await http.GetStringAsync(new Uri("/journeys/five-stage/model.json", UriKind.Relative), ct);
        using var unknown = await http.GetAsync(new Uri("/journeys/no-such-journey", UriKind.Relative), ct);

        Assert.Equal(50, JsonDocument.Parse(json).RootElement.GetProperty("all").GetProperty("journeys").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
