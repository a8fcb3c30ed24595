namespace CustomerJourney.Analytics.Attribution;

/// <summary>What a model attributes to one channel.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Conversions">The conversions attributed to it (fractional).</param>
/// <param name="Value">The conversion value attributed to it.</param>
public sealed record ChannelCredit(string Channel, double Conversions, double Value);
