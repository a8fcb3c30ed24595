using CustomerJourney.DependencyInjection;
using CustomerJourney.Diagrams;
using CustomerJourney.Tracking;

namespace CustomerJourney.Sample;

/// <summary>The sample's HTTP endpoints: track an event, read a customer's journey, draw a definition.</summary>
public static class JourneyEndpoints
{
    /// <summary>Maps <c>POST /events</c>, <c>GET /customers/{id}/journey</c> and <c>GET /definitions/{name}/diagram</c>.</summary>
    /// <param name="endpoints">The application's route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapJourneyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/events", TrackAsync);
        endpoints.MapGet("/customers/{id}/journey", GetJourneyAsync);
        endpoints.MapGet("/definitions/{name}/diagram", GetDiagram);
        return endpoints;
    }

    // POST /events: the default journey's tracker, resolved unkeyed from DI.
    private static async Task<IResult> TrackAsync(EventRequest request, IJourneyTracker tracker, CancellationToken cancellationToken)
    {
        var touchpointEvent = new TouchpointEvent(
            request.EventId ?? string.Empty,
            request.CustomerId ?? string.Empty,
            request.Touchpoint ?? string.Empty,
            request.OccurredAt,
            request.Channel,
            request.Value,
            request.Segment);
        var result = await tracker.TrackAsync(touchpointEvent, cancellationToken);
        return result.Outcome == TrackOutcome.Rejected
            ? Results.BadRequest(new ErrorResponse(result.Reason ?? "The event was rejected.", result.ReasonCode))
            : Results.Ok(new TrackResponse(OutcomeName(result.Outcome), result.From, result.To, result.Version));
    }

    private static async Task<IResult> GetJourneyAsync(string id, IJourneyTracker tracker, CancellationToken cancellationToken)
    {
        var journey = await tracker.GetJourneyAsync(id, cancellationToken);
        return journey is null
            ? Results.NotFound()
            : Results.Ok(new JourneyResponse(
                journey.CustomerId,
                journey.Stage,
                journey.StageEnteredAt,
                journey.Visits.Select(v => new VisitResponse(v.Stage, v.EnteredAt, v.LeftAt, v.Touchpoint, v.Channel)).ToList(),
                journey.TouchCount,
                journey.Passes));
    }

    // Any registered journey, by name, through the factory.
    private static IResult GetDiagram(string name, IJourneyTrackerFactory journeys) =>
        journeys.Names.Contains(name)
            ? Results.Text(JourneyDiagrams.ToMermaid(journeys.Get(name).Engine.Definition), "text/plain")
            : Results.NotFound();

    private static string OutcomeName(TrackOutcome outcome) => outcome switch
    {
        TrackOutcome.Advanced => "advanced",
        TrackOutcome.Stayed => "stayed",
        TrackOutcome.Ignored => "ignored",
        TrackOutcome.Duplicate => "duplicate",
        _ => "rejected",
    };
}
