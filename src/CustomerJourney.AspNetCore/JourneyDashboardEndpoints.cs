using CustomerJourney.DependencyInjection;
using CustomerJourney.Reporting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerJourney.AspNetCore;

/// <summary>The dashboard's request handlers: the page of a definition and its JSON model.</summary>
internal sealed class JourneyDashboardEndpoints(JourneyDashboardOptions options, string root)
{
    private readonly JourneyDashboardCache _cache = new(options);

    public async Task DefaultPageAsync(HttpContext context)
    {
        var result = await PageAsync(context, Journeys(context).DefaultName).ConfigureAwait(false);
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    public async Task<IResult> PageAsync(HttpContext context, string name)
    {
        var journeys = Journeys(context);
        if (!journeys.Names.Contains(name, StringComparer.Ordinal))
        {
            return Results.NotFound();
        }

        var model = await _cache.GetAsync(journeys, name, Time(context), context.RequestAborted).ConfigureAwait(false);
        var prefix = (context.Request.PathBase.Value + root).TrimEnd('/');
        var links = journeys.Names
            .Select(n => new ReportLink { Text = n, Href = $"{prefix}/{Uri.EscapeDataString(n)}", Current = n == name })
            .Append(new ReportLink { Text = "JSON", Href = $"{prefix}/{Uri.EscapeDataString(name)}/model.json" })
            .ToArray();
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(ReportHtml.Render(model, new ReportHtmlOptions { Title = options.Title, Links = links }), "text/html; charset=utf-8");
    }

    public async Task<IResult> ModelAsync(HttpContext context, string name)
    {
        var journeys = Journeys(context);
        if (!journeys.Names.Contains(name, StringComparer.Ordinal))
        {
            return Results.NotFound();
        }

        var model = await _cache.GetAsync(journeys, name, Time(context), context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Text(ReportJson.Serialize(model), "application/json; charset=utf-8");
    }

    private static IJourneyTrackerFactory Journeys(HttpContext context) => context.RequestServices.GetRequiredService<IJourneyTrackerFactory>();

    private static TimeProvider Time(HttpContext context) => context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
}
