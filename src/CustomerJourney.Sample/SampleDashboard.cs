using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CustomerJourney.Sample;

/// <summary>
/// The sample's journey dashboard at <c>/journeys</c>, behind HTTP Basic authentication with one viewer account from
/// configuration (<c>Dashboard:User</c>, default <c>viewer</c>; <c>Dashboard:Password</c>, without which nobody can sign
/// in). <c>Dashboard:RefreshSeconds</c> sets the refresh interval (default 30); <c>Dashboard:AllowAnonymous=true</c>
/// opts out of authorization. A real host plugs in its own authentication (cookies, OpenID Connect) and policy instead.
/// </summary>
public static class SampleDashboard
{
    /// <summary>The authorization policy of the dashboard.</summary>
    public const string Policy = "journey-dashboard";

    /// <summary>Registers authentication and the dashboard's policy.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSampleDashboardAuth(this IServiceCollection services)
    {
        services.AddAuthentication(BasicHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, BasicHandler>(BasicHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.RequireAuthenticatedUser().RequireClaim("dashboard", "view"));
        return services;
    }

    /// <summary>Maps the dashboard at <c>/journeys</c>.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapSampleDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var section = app.Configuration.GetSection("Dashboard");
        app.MapJourneyDashboard("/journeys", options =>
        {
            options.RefreshInterval = TimeSpan.FromSeconds(section.GetValue("RefreshSeconds", 30.0));
            options.AuthorizationPolicy = Policy;
            options.AllowAnonymous = section.GetValue("AllowAnonymous", false);
        });
        return app;
    }

    /// <summary>HTTP Basic authentication against the one configured viewer account.</summary>
    private sealed class BasicHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IConfiguration configuration)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Basic";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header) || !SchemeName.Equals(header.Scheme, StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            string credentials;
            try
            {
                credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            }
            catch (FormatException)
            {
                return Task.FromResult(AuthenticateResult.Fail("The Basic credentials are not Base64."));
            }

            var user = configuration["Dashboard:User"] ?? "viewer";
            var password = configuration["Dashboard:Password"];
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            if (password is not { Length: > 0 } || colon < 0 || !FixedTimeEquals(credentials[..colon], user) || !FixedTimeEquals(credentials[(colon + 1)..], password))
            {
                return Task.FromResult(AuthenticateResult.Fail("Unknown user or wrong password."));
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user), new Claim("dashboard", "view")], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            Response.Headers.WWWAuthenticate = "Basic realm=\"journeys\", charset=\"UTF-8\"";
            return base.HandleChallengeAsync(properties);
        }

        private static bool FixedTimeEquals(string a, string b) =>
            System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
    }
}
