using CustomerJourney.Analytics;
using CustomerJourney.DependencyInjection;
using CustomerJourney.Reporting;

namespace CustomerJourney.AspNetCore;

/// <summary>
/// The dashboard's computed maps, one per definition, each recomputed on the first request after the refresh interval;
/// concurrent requests for a stale map wait for one computation instead of starting their own.
/// </summary>
internal sealed class JourneyDashboardCache(JourneyDashboardOptions options)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<ReportModel> GetAsync(IJourneyTrackerFactory journeys, string name, TimeProvider time, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(name, out entry!))
            {
                _entries[name] = entry = new Entry();
            }
        }

        if (entry.Fresh(time, options.RefreshInterval) is { } fresh)
        {
            return fresh;
        }

        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Fresh(time, options.RefreshInterval) is { } computed)
            {
                return computed;
            }

            var model = await ComputeAsync(journeys, name, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            entry.Set(model, time.GetUtcNow());
            return model;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task<ReportModel> ComputeAsync(IJourneyTrackerFactory journeys, string name, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var tracker = journeys.Get(name);
        var snapshot = await JourneySnapshot.ReadAsync(tracker.Store, tracker.Engine, asOf, cancellationToken).ConfigureAwait(false);
        return ReportModel.Build(snapshot, options.Culture);
    }

    private sealed class Entry
    {
        private Computed? _value;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public ReportModel? Fresh(TimeProvider time, TimeSpan interval)
        {
            var value = Volatile.Read(ref _value);
            return value is not null && time.GetUtcNow() - value.At < interval ? value.Model : null;
        }

        public void Set(ReportModel model, DateTimeOffset at) => Volatile.Write(ref _value, new Computed(model, at));
    }

    private sealed record Computed(ReportModel Model, DateTimeOffset At);
}
