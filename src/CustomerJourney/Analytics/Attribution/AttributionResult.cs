namespace CustomerJourney.Analytics.Attribution;

/// <summary>A model's credit per channel, every channel of the data listed, by attributed conversions descending.</summary>
public sealed class AttributionResult
{
    internal AttributionResult(AttributionModel model, IReadOnlyList<ChannelCredit> channels, double totalConversions, decimal totalValue)
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

    /// <summary>The conversion value in the data, in the currency of its values (exact); the channels' values add up to it (within rounding).</summary>
    public decimal TotalValue { get; }

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
            credits[c] = new ChannelCredit { Channel = dataset.Channels[c], Conversions = conversions[c], Value = Money(values[c], dataset.TotalValue) };
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

    /// <summary>
    /// A credited value (computed in double, as the credit shares are) as money: rounded to 15 significant digits by the
    /// conversion, never negative, never above the data's total.
    /// </summary>
    private static decimal Money(double value, decimal total)
    {
        if (!(value > 0))
        {
            return 0;
        }

        return value >= (double)total ? total : (decimal)value;
    }
}
