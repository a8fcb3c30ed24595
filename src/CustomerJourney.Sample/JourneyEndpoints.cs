using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using CustomerJourney.DependencyInjection;
using CustomerJourney.Privacy;
using CustomerJourney.Diagrams;
using CustomerJourney.Tracking;

namespace CustomerJourney.Sample;

/// <summary>The sample's HTTP endpoints: track an event, read a customer's journey, draw a definition.</summary>
public static class JourneyEndpoints
{
    /// <summary>The largest <c>POST /events</c> body accepted, in bytes (64 KiB); a larger one is answered 413.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false, MaxDepth = 8 };

    /// <summary>Maps <c>POST /events</c>, <c>GET /customers/{id}/journey</c> and <c>GET /definitions/{name}/diagram</c>.</summary>
    /// <param name="endpoints">The application's route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapJourneyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/events", TrackAsync).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        endpoints.MapGet("/customers/{id}/journey", GetJourneyAsync);
        endpoints.MapGet("/definitions/{name}/diagram", GetDiagram);
        return endpoints;
    }

    // POST /events: the default journey's tracker, resolved unkeyed from DI. A body that cannot be read as an event is
    // answered with problem details (RFC 9457) saying what is wrong; a rejected event with the tracker's reason.
    private static async Task<IResult> TrackAsync(HttpRequest http, IJourneyTracker tracker, CancellationToken cancellationToken)
    {
        if (!http.HasJsonContentType())
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the event as JSON, with Content-Type: application/json.");
        }

        EventRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<EventRequest>(http.Body, BodyJson, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed event", Describe(ex));
        }
        catch (BadHttpRequestException ex)
        {
            return Problem(ex.StatusCode, "Unreadable body", ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The body is larger than {MaxBodyBytes} bytes."
                : ex.Message);
        }

        if (request is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed event", "The body is JSON null; expected an event object.");
        }

        var missing = new[] { ("eventId", request.EventId is null), ("customerId", request.CustomerId is null), ("touchpoint", request.Touchpoint is null), ("occurredAt", request.OccurredAt is null) }
            .Where(f => f.Item2).Select(f => f.Item1).ToArray();
        if (missing.Length > 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing field", $"The event has no {string.Join(", no ", missing)}.", missing);
        }

        var pseudonyms = http.HttpContext.RequestServices.GetService<CustomerIdPseudonymizer>();
        var touchpointEvent = new TouchpointEvent(
            request.EventId!,
            pseudonyms?.Pseudonymize(request.CustomerId!) ?? request.CustomerId!,
            request.Touchpoint!,
            request.OccurredAt!.Value)
        {
            Channel = request.Channel,
            Value = request.Value,
            Segment = request.Segment,
        };
        var result = await tracker.TrackAsync(touchpointEvent, cancellationToken);
        return result.Outcome == TrackOutcome.Rejected
            ? Results.BadRequest(new ErrorResponse(result.Reason ?? "The event was rejected.", result.ReasonCode))
            : Results.Ok(new TrackResponse(OutcomeName(result.Outcome), result.From, result.To, result.Version));
    }

    private static IResult Problem(int status, string title, string detail, string[]? missing = null) =>
        Results.Problem(detail, statusCode: status, title: title, extensions: missing is null ? null : new Dictionary<string, object?> { ["missing"] = missing });

    /// <summary>The parser's complaint without .NET type names: where, and what kind of mistake.</summary>
    private static string Describe(JsonException ex)
    {
        var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "The body" : $"The body at {ex.Path}";
        if (ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return ex.Path?.EndsWith("occurredAt", StringComparison.OrdinalIgnoreCase) == true
                ? $"{where} is not an ISO 8601 date and time with offset, e.g. \"2025-06-01T10:00:00Z\"."
                : $"{where} has the wrong type of value.";
        }

        if (ex.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return $"{where} repeats a property; give each property once.";
        }

        var cut = ex.Message.IndexOf(" Path:", StringComparison.Ordinal);
        return $"The body is not a JSON event (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}): {(cut > 0 ? ex.Message[..cut] : ex.Message)}";
    }

    private static async Task<IResult> GetJourneyAsync(string id, IJourneyTracker tracker, HttpContext http, CancellationToken cancellationToken)
    {
        var pseudonyms = http.RequestServices.GetService<CustomerIdPseudonymizer>();
        var journey = await tracker.GetJourneyAsync(pseudonyms?.Pseudonymize(id) ?? id, cancellationToken);
        return journey is null
            ? Results.NotFound()
            : Results.Ok(new JourneyResponse(
                journey.CustomerId,
                journey.Stage,
                journey.StageEnteredAt,
                journey.Visits.Select(v => new VisitResponse(v.Stage, v.EnteredAt, v.LeftAt, v.Touchpoint, v.Channel)).ToList(),
                journey.TouchCount,
                journey.GetPasses()));
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
