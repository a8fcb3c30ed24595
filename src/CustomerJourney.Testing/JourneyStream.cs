using System.Globalization;

namespace CustomerJourney.Testing;

/// <summary>A generated stream of touchpoint events for one definition, with the steps it was built from (shrinking shortens those).</summary>
public sealed record JourneyStream
{
    /// <summary>The generated steps.</summary>
    public required IReadOnlyList<StreamStep> Steps { get; init; }

    /// <summary>The events in arrival order (late events and duplicates included).</summary>
    public required IReadOnlyList<TouchpointEvent> Events { get; init; }

    /// <summary>The time after the last step's gap: advance the clock there to apply trailing inactivity.</summary>
    public required DateTimeOffset EndsAt { get; init; }

    /// <summary>The customers the stream touches, in order of first touch; a new list on every call.</summary>
    /// <returns>The customers.</returns>
    public IReadOnlyList<string> GetCustomers() => Events.Select(e => e.CustomerId).Distinct(StringComparer.Ordinal).ToArray();

    /// <inheritdoc />
    public override string ToString()
    {
        if (Events.Count == 0)
        {
            return "(no events)";
        }

        var origin = Events.Min(e => e.OccurredAt);
        return string.Join(", ", Events.Select(e => string.Create(
            CultureInfo.InvariantCulture,
            $"{e.EventId} {e.CustomerId} {e.Touchpoint} @{Offset(e.OccurredAt - origin)}{(e.Value is { } v ? $" value {v}" : string.Empty)}{(e.Segment is { } s ? $" segment {s}" : string.Empty)}")))
            + string.Create(CultureInfo.InvariantCulture, $"; ends @{Offset(EndsAt - origin)}");
    }

    private static string Offset(TimeSpan span) =>
        span.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"+{span.TotalDays:0.##}d") : string.Create(CultureInfo.InvariantCulture, $"+{span.TotalMinutes:0}m");
}
