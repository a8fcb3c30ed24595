using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CustomerJourney.Sample;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerJourney.DependencyInjection.Tests;

/// <summary>Bodies of <c>POST /events</c> that are no event: answered 400/413/415 with problem details saying what is wrong.</summary>
public sealed class SampleHostInputTests : IAsyncLifetime
{
    private WebApplication? _app;
    private HttpClient? _http;

    public async ValueTask InitializeAsync()
    {
        _app = SampleApp.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Post_WithoutOccurredAt_SaysTheFieldIsMissing()
    {
        var (status, problem) = await PostAsync("""{"eventId":"e1","customerId":"c1","touchpoint":"search-ad"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("The event has no occurredAt.", problem.GetProperty("detail").GetString());
        Assert.Equal(["occurredAt"], problem.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("0001", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_NotJson_IsAProblemDetailsBody()
    {
        var (status, problem) = await PostAsync("this is not json");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("Malformed event", problem.GetProperty("title").GetString());
        Assert.StartsWith("The body is not a JSON event (line 1, position 2): ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BadDate_NamesTheFieldWithoutTypeNames()
    {
        var (status, problem) = await PostAsync("""{"eventId":"e1","customerId":"c1","touchpoint":"search-ad","occurredAt":"01/02/2025"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var detail = problem.GetProperty("detail").GetString();
        Assert.Equal("The body at $.occurredAt is not an ISO 8601 date and time with offset, e.g. \"2025-06-01T10:00:00Z\".", detail);
    }

    [Fact]
    public async Task Post_DuplicateProperty_IsRejected()
    {
        var (status, problem) = await PostAsync("""{"eventId":"e1","eventId":"e2","customerId":"c1","touchpoint":"search-ad","occurredAt":"2025-01-01T00:00:00Z"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("repeats a property", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OversizedBody_Is413()
    {
        var body = "{\"eventId\":\"e1\",\"segment\":\"" + new string('x', SampleConstants.MaxBody) + "\"}";

        var (status, problem) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal($"The body is larger than {JourneyEndpoints.MaxBodyBytes} bytes.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_PlainText_Is415()
    {
        using var content = new StringContent("{}", Encoding.UTF8, "text/plain");
        using var response = await _http!.PostAsync(new Uri("/events", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<(HttpStatusCode Status, JsonElement Problem)> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http!.PostAsync(new Uri("/events", UriKind.Relative), content, TestContext.Current.CancellationToken);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (response.StatusCode, problem);
    }

    private static class SampleConstants
    {
        public const int MaxBody = JourneyEndpoints.MaxBodyBytes + 1;
    }
}

/// <summary>The sample host with <c>CustomerJourney:PseudonymKey</c> set: customer ids are pseudonymised before tracking.</summary>
public sealed class SamplePseudonymTests
{
    [Fact]
    public async Task Sample_WithPseudonymKey_StoresThePseudonymAndFindsTheJourneyByTheRealId()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());
        await using var app = SampleApp.Create(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", $"--CustomerJourney:PseudonymKey={key}"]);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        using var tracked = await http.PostAsJsonAsync("/events", new { eventId = "e1", customerId = "alice@example.com", touchpoint = "search-ad", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-5) }, ct);
        var journey = await http.GetFromJsonAsync<JourneyResponse>("/customers/alice@example.com/journey", ct);

        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        Assert.NotNull(journey);
        Assert.StartsWith("p-", journey.CustomerId, StringComparison.Ordinal);
        Assert.Equal(new CustomerJourney.Privacy.CustomerIdPseudonymizer(Convert.FromBase64String(key)).Pseudonymize("alice@example.com"), journey.CustomerId);
        await app.StopAsync(ct);
    }

    [Fact]
    public void Sample_WithShortPseudonymKey_FailsAtStartNamingTheSetting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SampleApp.Create(["--CustomerJourney:PseudonymKey=" + Convert.ToBase64String(new byte[8])]));

        Assert.Contains("CustomerJourney:PseudonymKey has 8 bytes", ex.Message, StringComparison.Ordinal);
    }
}
