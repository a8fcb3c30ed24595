namespace CustomerJourney.Analytics;

/// <summary>
/// A Kaplan–Meier survival curve: the probability S(t) that the event (leaving a stage, converting) has not happened by t,
/// with quantiles read off the curve.
/// </summary>
public sealed class SurvivalCurve
{
    private const double Tolerance = 1e-10;
    private readonly SurvivalPoint[] _points;

    internal SurvivalCurve(SurvivalPoint[] points, long observations, long events)
    {
        _points = points;
        Observations = observations;
        Events = events;
        Mean = RestrictedMean(points);
    }

    /// <summary>The curve's steps, one per distinct time, in time order.</summary>
    public IReadOnlyList<SurvivalPoint> Points => _points;

    /// <summary>All observations.</summary>
    public long Observations { get; }

    /// <summary>Observed events (not censored).</summary>
    public long Events { get; }

    /// <summary>Censored observations.</summary>
    public long Censored => Observations - Events;

    /// <summary>The median: <see cref="Quantile(double)"/> at 0.5; <see langword="null"/> when the curve never falls to 0.5.</summary>
    public TimeSpan? Median => Quantile(0.5);

    /// <summary>The 90th percentile: <see cref="Quantile(double)"/> at 0.9.</summary>
    public TimeSpan? P90 => Quantile(0.9);

    /// <summary>
    /// The restricted mean: the area under S(t) up to the largest observed time. Equals the plain mean when nothing is
    /// censored; a lower bound of the mean otherwise. Zero without observations.
    /// </summary>
    public TimeSpan Mean { get; }

    /// <summary>
    /// The <paramref name="q"/>-quantile: the smallest event time t with S(t) ≤ 1 − q. When S equals 1 − q exactly on
    /// an interval, the midpoint between that time and the next event time (so an uncensored median is the plain median).
    /// </summary>
    /// <param name="q">The quantile, in (0, 1).</param>
    /// <returns>The time, or <see langword="null"/> when the curve never falls that far (too much censoring).</returns>
    public TimeSpan? Quantile(double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(q, 0d);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(q, 1d);
        var level = 1 - q;
        for (var i = 0; i < _points.Length; i++)
        {
            var point = _points[i];
            if (point.Events == 0 || point.Survival > level + Tolerance)
            {
                continue;
            }

            if (Math.Abs(point.Survival - level) <= Tolerance)
            {
                for (var k = i + 1; k < _points.Length; k++)
                {
                    if (_points[k].Events > 0)
                    {
                        return TimeSpan.FromTicks((point.Time.Ticks + _points[k].Time.Ticks) / 2);
                    }
                }
            }

            return point.Time;
        }

        return null;
    }

    /// <summary>S(t): the estimated probability that the event has not happened by <paramref name="time"/>.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The survival probability.</returns>
    public double SurvivalAt(TimeSpan time)
    {
        var survival = 1d;
        foreach (var point in _points)
        {
            if (point.Time > time)
            {
                break;
            }

            survival = point.Survival;
        }

        return survival;
    }

    private static TimeSpan RestrictedMean(SurvivalPoint[] points)
    {
        double area = 0;
        double survival = 1;
        long previous = 0;
        foreach (var point in points)
        {
            area += survival * (point.Time.Ticks - previous);
            previous = point.Time.Ticks;
            survival = point.Survival;
        }

        return TimeSpan.FromTicks((long)Math.Round(area));
    }
}
