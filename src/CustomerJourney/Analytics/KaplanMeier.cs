namespace CustomerJourney.Analytics;

/// <summary>
/// The Kaplan–Meier (product-limit) estimator: S(t) = ∏<sub>t<sub>i</sub> ≤ t</sub> (1 − d<sub>i</sub>/n<sub>i</sub>), where
/// d<sub>i</sub> events happen at t<sub>i</sub> and n<sub>i</sub> observations last at least t<sub>i</sub>. Right-censored
/// observations (customers still waiting) count as at risk up to their time and then leave, instead of being dropped.
/// </summary>
public static class KaplanMeier
{
    /// <summary>Estimates the curve from observations.</summary>
    /// <param name="observations">Durations, observed or censored.</param>
    /// <returns>The curve.</returns>
    public static SurvivalCurve Estimate(IEnumerable<SurvivalObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var buffer = new DurationBuffer();
        foreach (var o in observations)
        {
            buffer.Add(o.Duration.Ticks, o.Observed);
        }

        return buffer.Estimate();
    }

    /// <summary>Durations encoded as (ticks &lt;&lt; 1) | observed, so one sort orders them by time.</summary>
    internal sealed class DurationBuffer
    {
        private long[] _items = new long[16];

        public int Count { get; private set; }

        public void Add(long ticks, bool observed)
        {
            if (Count == _items.Length)
            {
                Array.Resize(ref _items, _items.Length * 2);
            }

            _items[Count++] = (Math.Max(0, ticks) << 1) | (observed ? 1L : 0L);
        }

        public SurvivalCurve Estimate()
        {
            var items = _items.AsSpan(0, Count);
            items.Sort();
            var points = new List<SurvivalPoint>();
            long atRisk = Count;
            long events = 0;
            var survival = 1d;
            var i = 0;
            while (i < items.Length)
            {
                var time = items[i] >> 1;
                long d = 0;
                long c = 0;
                while (i < items.Length && items[i] >> 1 == time)
                {
                    if ((items[i] & 1) == 1)
                    {
                        d++;
                    }
                    else
                    {
                        c++;
                    }

                    i++;
                }

                if (d > 0)
                {
                    survival *= 1 - ((double)d / atRisk);
                }

                points.Add(new SurvivalPoint { Time = TimeSpan.FromTicks(time), AtRisk = atRisk, Events = d, Censored = c, Survival = survival });
                atRisk -= d + c;
                events += d;
            }

            return new SurvivalCurve([.. points], Count, events);
        }
    }
}
