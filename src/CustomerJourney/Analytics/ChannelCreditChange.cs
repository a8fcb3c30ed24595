namespace CustomerJourney.Analytics;

/// <summary>A channel's attributed conversions and value under the old and the new definition.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="ConversionsBefore">Conversions credited to the channel under the old definition.</param>
/// <param name="ConversionsAfter">Conversions credited to the channel under the new definition.</param>
/// <param name="ValueBefore">Value credited under the old definition.</param>
/// <param name="ValueAfter">Value credited under the new definition.</param>
public sealed record ChannelCreditChange(string Channel, double ConversionsBefore, double ConversionsAfter, double ValueBefore, double ValueAfter)
{
    /// <summary>Conversions after minus before.</summary>
    public double ConversionsChange => ConversionsAfter - ConversionsBefore;
}
