namespace CustomerJourney.Sample;

/// <summary>The body of <c>POST /events</c>.</summary>
/// <param name="EventId">The event's id, unique per customer.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Touchpoint">The touchpoint id in the five-stage template.</param>
/// <param name="OccurredAt">When the touch happened (required; missing is answered 400).</param>
/// <param name="Channel">The channel, when it differs from the touchpoint's own.</param>
/// <param name="Value">A monetary value.</param>
/// <param name="Segment">The customer's segment.</param>
public sealed record EventRequest(string? EventId, string? CustomerId, string? Touchpoint, DateTimeOffset? OccurredAt, string? Channel = null, decimal? Value = null, string? Segment = null);

/// <summary>What <c>POST /events</c> returns for a tracked event.</summary>
/// <param name="Outcome">advanced, stayed, ignored or duplicate.</param>
/// <param name="From">The stage before the event.</param>
/// <param name="To">The stage after the event.</param>
/// <param name="Version">The journey's version afterwards.</param>
public sealed record TrackResponse(string Outcome, string? From, string? To, long Version);

/// <summary>What <c>POST /events</c> returns for a rejected event (status 400).</summary>
/// <param name="Reason">Why the event was rejected.</param>
/// <param name="Code">A stable reason code.</param>
public sealed record ErrorResponse(string Reason, string? Code);

/// <summary>One visit to a stage.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="EnteredAt">When it was entered.</param>
/// <param name="LeftAt">When it was left, if it was.</param>
/// <param name="Touchpoint">The touchpoint that led there.</param>
/// <param name="Channel">The channel of that touch.</param>
public sealed record VisitResponse(string Stage, DateTimeOffset EnteredAt, DateTimeOffset? LeftAt, string? Touchpoint, string? Channel);

/// <summary>What <c>GET /customers/{id}/journey</c> returns.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Stage">The current stage.</param>
/// <param name="StageEnteredAt">When the current stage was entered.</param>
/// <param name="Visits">Every visit, oldest first.</param>
/// <param name="Touches">The number of recorded touches.</param>
/// <param name="Passes">The number of entries into each stage.</param>
public sealed record JourneyResponse(string CustomerId, string Stage, DateTimeOffset StageEnteredAt, IReadOnlyList<VisitResponse> Visits, int Touches, IReadOnlyDictionary<string, int> Passes);
