using System.Collections.Concurrent;
using System.Net.Http.Json;
using CustomerJourney.Sample;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CustomerJourney.DependencyInjection.Tests;

/// <summary>The sample host's stage handlers: a thank-you on purchase, a win-back e-mail when the (fake) clock passes a lapse.</summary>
public sealed class SampleHandlerTests
{
    private static readonly DateTimeOffset Now = new(2031, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sample_ThanksABuyer_AndWinsBackALapsedCustomer()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(Now);
        var sent = new ConcurrentQueue<string>();
        await using var app = SampleApp.Create(
            ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"],
            services => services
                .Replace(ServiceDescriptor.Singleton<TimeProvider>(clock))
                .Replace(ServiceDescriptor.Singleton<IEmailSender>(new Recording(sent))));
        await app.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        (await http.PostAsJsonAsync("/events", new { eventId = "e1", customerId = "buyer", touchpoint = "web-shop-checkout", occurredAt = Now.AddMinutes(-5) }, ct)).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/events", new { eventId = "e2", customerId = "browser", touchpoint = "search-ad", occurredAt = Now.AddMinutes(-5) }, ct)).EnsureSuccessStatusCode();
        await Until(() => sent.Contains("thank-you buyer"), clock, TimeSpan.FromMilliseconds(100));
        Assert.DoesNotContain("win-back browser", sent);

        clock.Advance(TimeSpan.FromDays(60)); // browser has had no touch in consideration for 60 days
        await Until(() => sent.Contains("win-back browser"), clock, TimeSpan.FromMilliseconds(100));
        var journey = await http.GetFromJsonAsync<JourneyResponse>("/customers/browser/journey", ct);
        Assert.Equal("lapsed", journey!.Stage);
        Assert.Equal(["thank-you buyer", "win-back browser"], sent);
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task Sample_OverASqliteFile_KeepsJourneysAcrossARestart_AndThanksTheBuyerOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("cj-sample-store-");
        try
        {
            var database = Path.Combine(directory.FullName, "journeys.db");
            var sent = new ConcurrentQueue<string>();
            string[] args = ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", $"--CustomerJourney:Store=sqlite:{database}"];
            for (var run = 0; run < 2; run++)
            {
                var clock = new FakeTimeProvider(Now);
                await using var app = SampleApp.Create(args, services => services
                    .Replace(ServiceDescriptor.Singleton<TimeProvider>(clock))
                    .Replace(ServiceDescriptor.Singleton<IEmailSender>(new Recording(sent))));
                await app.StartAsync(ct);
                using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
                if (run == 0)
                {
                    (await http.PostAsJsonAsync("/events", new { eventId = "e1", customerId = "buyer", touchpoint = "web-shop-checkout", occurredAt = Now.AddMinutes(-5) }, ct)).EnsureSuccessStatusCode();
                    await Until(() => sent.Contains("thank-you buyer"), clock, TimeSpan.FromMilliseconds(100));
                }
                else
                {
                    // the second host reads the journey from the file and owes no delivery: the thank-you was sent once
                    var journey = await http.GetFromJsonAsync<JourneyResponse>("/customers/buyer/journey", ct);
                    Assert.Equal("purchase", journey!.Stage);
                    for (var i = 0; i < 20; i++)
                    {
                        clock.Advance(TimeSpan.FromMilliseconds(100));
                        await Task.Delay(10, ct);
                    }
                }

                await app.StopAsync(ct);
            }

            Assert.True(File.Exists(database));
            Assert.Equal(["thank-you buyer"], sent);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Sample_UnknownStoreKind_FailsNamingTheAcceptedForms()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SampleApp.Create(["--urls", "http://127.0.0.1:0", "--CustomerJourney:Store=mongo:x"]));

        Assert.Contains("sqlite:PATH", ex.Message, StringComparison.Ordinal);
        Assert.Contains("postgres:", ex.Message, StringComparison.Ordinal);
    }

    private static async Task Until(Func<bool> condition, FakeTimeProvider clock, TimeSpan step)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            clock.Advance(step); // the dispatcher sleeps on the host's clock
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "the handler was not called");
    }

    private sealed class Recording(ConcurrentQueue<string> sent) : IEmailSender
    {
        public Task SendAsync(string customerId, string template, string idempotencyKey, CancellationToken cancellationToken)
        {
            sent.Enqueue($"{template} {customerId}");
            return Task.CompletedTask;
        }
    }
}
