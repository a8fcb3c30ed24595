namespace CustomerJourney.Analytics;

/// <summary>Options of <see cref="TouchpointKpiAnalysis"/>. A <see langword="null"/> options argument means these defaults.</summary>
public sealed class KpiOptions
{
    /// <summary>Which journeys; <see langword="null"/> (the default) counts all (<see cref="JourneyFilter.All"/>).</summary>
    public JourneyFilter? Filter { get; set; }

    /// <summary>
    /// Attributed conversions per touchpoint id (e.g. <see cref="Attribution.ChannelCredit.Conversions"/> of attribution by
    /// touchpoint), fractional; those KPIs are not measured when <see langword="null"/> (the default) or missing a touchpoint.
    /// </summary>
    public IReadOnlyDictionary<string, double>? AttributedConversions { get; set; }

    /// <summary>
    /// Attributed conversion value per touchpoint id, in the events' currency (e.g. <see cref="Attribution.ChannelCredit.Value"/>);
    /// those KPIs are not measured when <see langword="null"/> (the default) or missing a touchpoint.
    /// </summary>
    public IReadOnlyDictionary<string, decimal>? AttributedValue { get; set; }

    /// <summary>Every problem with these options (empty when they are valid).</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (AttributedConversions is not null)
        {
            foreach (var (touchpoint, conversions) in AttributedConversions)
            {
                if (!double.IsFinite(conversions) || conversions < 0 || conversions > (double)decimal.MaxValue)
                {
                    problems.Add($"AttributedConversions of '{touchpoint}' must be finite, non-negative and at most decimal.MaxValue, not {conversions}.");
                }
            }
        }

        return problems;
    }
}
