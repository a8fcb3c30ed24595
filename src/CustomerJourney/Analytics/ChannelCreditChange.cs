namespace CustomerJourney.Analytics;

/// <summary>A channel's attributed conversions and value under the old and the new definition.</summary>
public sealed record ChannelCreditChange
{
    /// <summary>The channel.</summary>
    public required string Channel { get; init; }

    /// <summary>Conversions credited to the channel under the old definition.</summary>
    public required double ConversionsBefore { get; init; }

    /// <summary>Conversions credited to the channel under the new definition.</summary>
    public required double ConversionsAfter { get; init; }

    /// <summary>Conversion value credited under the old definition, in the events' currency (the sum of <see cref="TouchpointEvent.Value"/>).</summary>
    public required decimal ValueBefore { get; init; }

    /// <summary>Conversion value credited under the new definition, in the events' currency.</summary>
    public required decimal ValueAfter { get; init; }

    /// <summary>Conversions after minus before.</summary>
    public double ConversionsChange => ConversionsAfter - ConversionsBefore;
}
