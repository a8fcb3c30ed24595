using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using CustomerJourney.Sample;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CustomerJourney.DependencyInjection.Tests;

public sealed class SampleHostTests
{
    private static readonly DateTimeOffset Now = new(2031, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sample_InProcessOnLoopback_TracksEventAndServesJourney()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = SampleApp.Create(
            ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"],
            services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new FakeTimeProvider(Now))));
        await app.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri(BoundAddress(app)) };

        using var tracked = await http.PostAsJsonAsync("/events", new { eventId = "e1", customerId = "c1", touchpoint = "search-ad", occurredAt = Now.AddMinutes(-5) }, ct);
        var outcome = await tracked.Content.ReadFromJsonAsync<TrackResponse>(ct);
        using var again = await http.PostAsJsonAsync("/events", new { eventId = "e1", customerId = "c1", touchpoint = "search-ad", occurredAt = Now.AddMinutes(-5) }, ct);
        var journey = await http.GetFromJsonAsync<JourneyResponse>("/customers/c1/journey", ct);

        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        Assert.Equal(new TrackResponse("advanced", "awareness", "consideration", 1), outcome);
        Assert.Equal("duplicate", (await again.Content.ReadFromJsonAsync<TrackResponse>(ct))!.Outcome);
        Assert.NotNull(journey);
        Assert.Equal("consideration", journey.Stage);
        Assert.Equal(Now.AddMinutes(-5), journey.StageEnteredAt);
        Assert.Equal(1, journey.Touches);
        Assert.Equal(["awareness", "consideration"], journey.Visits.Select(v => v.Stage));
        Assert.Equal(1, journey.Passes["consideration"]);
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task Sample_InProcessOnLoopback_RejectsUnknownCustomersAndNames()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = SampleApp.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri(BoundAddress(app)) };

        using var rejected = await http.PostAsJsonAsync("/events", new { eventId = "e1", customerId = "c1", touchpoint = "no-such-touchpoint", occurredAt = DateTimeOffset.UtcNow }, ct);
        var error = await rejected.Content.ReadFromJsonAsync<ErrorResponse>(ct);
        using var missing = await http.GetAsync(new Uri("/customers/nobody/journey", UriKind.Relative), ct);
        using var unknownDiagram = await http.GetAsync(new Uri("/definitions/nope/diagram", UriKind.Relative), ct);
        var diagram = await http.GetStringAsync(new Uri("/definitions/five-stage/diagram", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Contains("no-such-touchpoint", error!.Reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownDiagram.StatusCode);
        Assert.StartsWith("stateDiagram-v2", diagram, StringComparison.Ordinal);
        Assert.Contains("awareness --> consideration", diagram, StringComparison.Ordinal);
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task Sample_BuiltProcess_AnswersPostAndGet()
    {
        var ct = TestContext.Current.CancellationToken;
        var dll = Path.Combine(AppContext.BaseDirectory, "CustomerJourney.Sample.dll");
        var url = $"http://127.0.0.1:{FreePort()}";
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["exec", dll, "--urls", url, "--Logging:LogLevel:Default=Warning"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            await WaitUntilListeningAsync(http, process, ct);

            using var tracked = await http.PostAsJsonAsync("/events", new { eventId = "e1", customerId = "p1", touchpoint = "web-shop-checkout", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1), value = 49.90m }, ct);
            var journey = await http.GetFromJsonAsync<JourneyResponse>("/customers/p1/journey", ct);

            Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
            Assert.Equal("purchase", journey!.Stage);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static string BoundAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilListeningAsync(HttpClient http, Process process, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                Assert.Fail($"The sample exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync(ct)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/definitions/five-stage/diagram", UriKind.Relative), ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(100, ct);
        }
    }
}
