namespace CustomerJourney.Analytics.Attribution;

/// <summary>A model's credit per channel, every channel of the data listed, by attributed conversions descending.</summary>
public sealed class AttributionResult
{
    internal AttributionResult(AttributionModel model, IReadOnlyList<ChannelCredit> channels, double totalConversions, double totalValue)
    {
        Model = model;
        Channels = channels;
        TotalConversions = totalConversions;
        TotalValue = totalValue;
    }

    /// <summary>The model that produced the result.</summary>
    public AttributionModel Model { get; }

    /// <summary>Every channel of the data, by attributed conversions descending, then value descending, then name (ordinal).</summary>
    public IReadOnlyList<ChannelCredit> Channels { get; }

    /// <summary>The conversions in the data; the channels' conversions add up to it (within rounding).</summary>
    public double TotalConversions { get; }

    /// <summary>The conversion value in the data; the channels' values add up to it (within rounding).</summary>
    public double TotalValue { get; }

    /// <summary>The credit of <paramref name="channel"/>.</summary>
    /// <param name="channel">A channel of the data.</param>
    /// <returns>Its credit.</returns>
    /// <exception cref="KeyNotFoundException">The data has no such channel.</exception>
    public ChannelCredit GetCredit(string channel)
    {
        foreach (var credit in Channels)
        {
            if (string.Equals(credit.Channel, channel, StringComparison.Ordinal))
            {
                return credit;
            }
        }

        throw new KeyNotFoundException($"The data has no channel '{channel}'.");
    }

    internal static AttributionResult From(AttributionModel model, PathDataset dataset, double[] conversions, double[] values)
    {
        var credits = new ChannelCredit[dataset.ChannelCount];
        for (var c = 0; c < credits.Length; c++)
        {
            credits[c] = new ChannelCredit(dataset.Channels[c], conversions[c], values[c]);
        }

        Array.Sort(credits, static (a, b) =>
        {
            var order = b.Conversions.CompareTo(a.Conversions);
            if (order == 0)
            {
                order = b.Value.CompareTo(a.Value);
            }

            return order != 0 ? order : string.CompareOrdinal(a.Channel, b.Channel);
        });
        return new AttributionResult(model, credits, dataset.TotalConversions, dataset.TotalValue);
    }
}
