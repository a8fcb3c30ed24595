using CustomerJourney.Analytics;

namespace CustomerJourney.Reporting;

/// <summary>A Kaplan–Meier duration summary: time in a stage, or time to the first purchase.</summary>
public sealed record ReportDuration
{
    /// <summary>The stage, or <see langword="null"/> for time to convert.</summary>
    public required string? Stage { get; init; }

    /// <summary>Customers observed.</summary>
    public required long Observations { get; init; }

    /// <summary>Customers for whom the duration ended (left the stage, bought).</summary>
    public required long Events { get; init; }

    /// <summary>Customers still waiting at the report's time.</summary>
    public required long Censored { get; init; }

    /// <summary>The restricted mean, in days.</summary>
    public required double MeanDays { get; init; }

    /// <summary>The 10th, 25th, 50th, 75th and 90th percentiles in days; <see langword="null"/> where the curve does not fall that far.</summary>
    public required IReadOnlyList<double?> QuantileDays { get; init; }

    /// <summary>The survival curve thinned to at most about 120 points (time to convert only; empty for stages).</summary>
    public required IReadOnlyList<CurvePoint> Curve { get; init; }

    /// <summary>The percentiles <see cref="QuantileDays"/> holds, in order.</summary>
    public static IReadOnlyList<double> Quantiles { get; } = [0.1, 0.25, 0.5, 0.75, 0.9];

    /// <summary>The summary of <paramref name="curve"/>.</summary>
    /// <param name="stage">The stage, or <see langword="null"/>.</param>
    /// <param name="curve">The Kaplan–Meier curve.</param>
    /// <param name="withCurve">Whether to keep the (thinned) curve.</param>
    /// <returns>The summary; its size does not depend on the number of customers.</returns>
    public static ReportDuration Of(string? stage, SurvivalCurve curve, bool withCurve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var quantiles = Quantiles.Select(q => curve.Quantile(q) is { } t ? t.TotalDays : (double?)null).ToArray();
        var points = new List<CurvePoint>();
        if (withCurve)
        {
            var all = curve.Points;
            var step = Math.Max(1, all.Count / 120);
            for (var i = 0; i < all.Count; i += step)
            {
                points.Add(Point(all[i]));
            }

            if (all.Count > 0 && (all.Count - 1) % step != 0)
            {
                points.Add(Point(all[^1]));
            }
        }

        return new ReportDuration
        {
            Stage = stage,
            Observations = curve.Observations,
            Events = curve.Events,
            Censored = curve.Censored,
            MeanDays = curve.Mean.TotalDays,
            QuantileDays = quantiles,
            Curve = points,
        };

        static CurvePoint Point(SurvivalPoint p) => new() { Days = Math.Round(p.Time.TotalDays, 3), Survival = Math.Round(p.Survival, 4) };
    }
}
