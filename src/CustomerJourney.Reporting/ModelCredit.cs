using CustomerJourney.Analytics.Attribution;

namespace CustomerJourney.Reporting;

/// <summary>One attribution model's credit per channel, channels in the segment's order.</summary>
public sealed record ModelCredit
{
    /// <summary>The model's short name (see <see cref="ReportModel.ModelName"/>).</summary>
    public required string Model { get; init; }

    /// <summary>Conversions and value credited to each channel.</summary>
    public required IReadOnlyList<ChannelCredit> Channels { get; init; }
}
