using CustomerJourney.AspNetCore;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the journey dashboard into an ASP.NET Core application.</summary>
public static class JourneyDashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the live journey map of every definition registered with <c>AddCustomerJourney</c>:
    /// <c>GET {pattern}</c> (the default definition), <c>GET {pattern}/{name}</c> (a self-contained HTML page with the
    /// segment selector and links to the other definitions) and <c>GET {pattern}/{name}/model.json</c> (the report model
    /// as JSON). Maps are computed from the definition's store (or its tracker's in-memory journeys when it has none) as
    /// of the request time, and cached for <see cref="JourneyDashboardOptions.RefreshInterval"/>.
    /// </summary>
    /// <remarks>
    /// The dashboard shows customer data, so its endpoints require authorization: the application's default policy, or
    /// <see cref="JourneyDashboardOptions.AuthorizationPolicy"/>. Anonymous access must be asked for with
    /// <see cref="JourneyDashboardOptions.AllowAnonymous"/>.
    /// </remarks>
    /// <param name="endpoints">The application's route builder.</param>
    /// <param name="pattern">The dashboard's path prefix, e.g. <c>/journeys</c>.</param>
    /// <param name="configure">Configures refresh interval, authorization, culture and title.</param>
    /// <returns>The builder of the dashboard's endpoints, for further conventions.</returns>
    /// <exception cref="ArgumentException">The configured options are invalid (<see cref="JourneyDashboardOptions.Validate"/>; the message names every problem).</exception>
    public static RouteGroupBuilder MapJourneyDashboard(this IEndpointRouteBuilder endpoints, string pattern = "/journeys", Action<JourneyDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        var configured = new JourneyDashboardOptions();
        configure?.Invoke(configured);
        var problems = configured.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(JourneyDashboardOptions)}: {string.Join(" ", problems)}", nameof(configure));
        }

        var options = configured.Copy();
        var handlers = new JourneyDashboardEndpoints(options, "/" + pattern.Trim('/'));
        var group = endpoints.MapGroup(pattern);
        group.MapGet("/", handlers.DefaultPageAsync);
        group.MapGet("/{name}", handlers.PageAsync);
        group.MapGet("/{name}/model.json", handlers.ModelAsync);

        if (options.AllowAnonymous)
        {
            group.AllowAnonymous();
        }
        else if (options.AuthorizationPolicy is { } policy)
        {
            group.RequireAuthorization(policy);
        }
        else
        {
            group.RequireAuthorization();
        }

        return group;
    }
}
