using CustomerJourney.Analytics.Attribution;

namespace CustomerJourney.Reporting;

/// <summary>One attribution model's credit per channel, channels in the segment's order.</summary>
/// <param name="Model">The model's short name (see <see cref="ReportModel.ModelName"/>).</param>
/// <param name="Channels">Conversions and value credited to each channel.</param>
public sealed record ModelCredit(string Model, IReadOnlyList<ChannelCredit> Channels);
