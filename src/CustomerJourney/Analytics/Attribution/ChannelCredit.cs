namespace CustomerJourney.Analytics.Attribution;

/// <summary>What a model attributes to one channel.</summary>
public sealed record ChannelCredit
{
    /// <summary>The channel.</summary>
    public required string Channel { get; init; }

    /// <summary>The conversions attributed to it (fractional, a count).</summary>
    public required double Conversions { get; init; }

    /// <summary>
    /// The conversion value attributed to it, in the currency of the data's values (the events' <see cref="TouchpointEvent.Value"/>
    /// for tracked journeys). Computed from the fractional credit and rounded to 15 significant digits, so the channels'
    /// values add up to <see cref="AttributionResult.TotalValue"/> within rounding.
    /// </summary>
    public required decimal Value { get; init; }
}
