using System.Collections.Concurrent;
using System.Diagnostics;
using CustomerJourney.Acting;
using CustomerJourney.DependencyInjection;
using CustomerJourney.Engine;
using CustomerJourney.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerJourney.Hosting;

/// <summary>
/// Turns the store's change feed into deliveries to stage handlers, delivers them at least once, and applies inactivity
/// lapses at their due time. Each round: derives the transitions of the next page of the feed (recording them and the
/// journeys' next lapse times with the checkpoint, in one transaction of the store's database), appends the markers of
/// lapses that are due, then claims due deliveries under a lease and calls their handlers, each in its own DI scope.
/// </summary>
/// <remarks>
/// Run by <see cref="JourneyDispatcherService"/> in a host; tests and tools may drive it with <see cref="RunOnceAsync"/>.
/// Several instances may run over one database: the checkpoint moves by compare-and-set, a delivery is leased to one
/// instance at a time, and a lapse's marker has an id made of its due time, so it is stored once.
/// </remarks>
public sealed class JourneyDispatcher
{
    private readonly IJourneyStore _store;
    private readonly IJourneyDeliveryLog _log;
    private readonly IServiceScopeFactory _scopes;
    private readonly IJourneyTrackerFactory _trackers;
    private readonly IReadOnlyList<JourneyHandlerRegistration> _handlers;
    private readonly Dictionary<string, JourneyHandlerRegistration> _byName;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private const int MaxReplays = 100_000;
    private readonly Dictionary<JourneyKey, JourneyReplay> _replays = [];
    private long _replaysAt = -1; // the checkpoint the kept replays stand at; -1 when they are not to be trusted
    private Dictionary<string, JourneyEngine>? _engines;

    /// <summary>Creates the dispatcher (dependency injection does).</summary>
    /// <param name="services">The root services: store, delivery log, trackers, handlers, options, clock and logging.</param>
    public JourneyDispatcher(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _store = services.GetRequiredService<IJourneyStore>();
        _log = services.GetRequiredService<IJourneyDeliveryLog>();
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
        _trackers = services.GetRequiredService<IJourneyTrackerFactory>();
        _handlers = services.GetService<JourneyHandlerRegistry>()?.Handlers ?? [];
        _byName = _handlers.ToDictionary(h => h.Name, StringComparer.Ordinal);
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger("CustomerJourney.Hosting.JourneyDispatcher") ?? NullLogger.Instance;
        var options = new JourneyDispatcherOptions();
        foreach (var configuration in services.GetServices<DispatcherConfiguration>())
        {
            configuration.Configure(options);
        }

        Options = options.Validated();
        InstanceId = Options.InstanceId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        var check = services.GetService<IServiceProviderIsService>();
        foreach (var handler in _handlers)
        {
            foreach (var type in handler.Services)
            {
                if (check is not null && !check.IsService(type))
                {
                    throw new InvalidOperationException($"Journey handler '{handler.Name}' needs a {type.FullName}, which is not registered in the service collection.");
                }
            }
        }
    }

    /// <summary>The options in force.</summary>
    public JourneyDispatcherOptions Options { get; }

    /// <summary>This instance's id in delivery leases.</summary>
    public string InstanceId { get; }

    /// <summary>The registered handlers' names, in registration order.</summary>
    public IReadOnlyList<string> HandlerNames => _handlers.Select(h => h.Name).ToList();

    /// <summary>The delivery log: pending and parked deliveries, re-drive.</summary>
    public IJourneyDeliveryLog Deliveries => _log;

    /// <summary>Runs rounds until <paramref name="cancellationToken"/> is cancelled, sleeping (on the <see cref="TimeProvider"/>) when idle.</summary>
    /// <param name="cancellationToken">Stops the dispatcher.</param>
    /// <returns>A task that completes when stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Log.Started(_logger, InstanceId, _handlers.Count, Engines().Count, _log.IsDurable ? "durable" : "in memory");
        if (!_log.IsDurable)
        {
            Log.NotDurable(_logger);
        }

        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan sleep;
            try
            {
                var work = await RoundAsync(cancellationToken).ConfigureAwait(false);
                failures = 0;
                if (work > 0)
                {
                    continue;
                }

                sleep = Options.PollInterval;
                if (await _log.NextDueAsync(cancellationToken).ConfigureAwait(false) is { } next)
                {
                    var until = next - _time.GetUtcNow();
                    sleep = until < sleep ? (until < TimeSpan.Zero ? TimeSpan.Zero : until) : sleep;
                }

                await ObserveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                sleep = RetryBackoff.Delay(failures + 1, TimeSpan.FromSeconds(30)) + Options.PollInterval;
                Log.RoundFailed(_logger, sleep, ex);
            }

            try
            {
                await Task.Delay(sleep, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs rounds until one finds nothing to do: the feed is derived, due lapses applied and due deliveries attempted.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The number of feed events, lapses and deliveries handled.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (await RoundAsync(cancellationToken).ConfigureAwait(false) is var work and > 0)
        {
            total += work;
        }

        return total;
    }

    /// <summary>One round: a page of the feed, a batch of due lapses, a batch of due deliveries.</summary>
    private async Task<int> RoundAsync(CancellationToken cancellationToken)
    {
        var work = await DeriveAsync(cancellationToken).ConfigureAwait(false);
        if (Options.ApplyLapses)
        {
            work += await ApplyLapsesAsync(cancellationToken).ConfigureAwait(false);
        }

        work += await DeliverAsync(cancellationToken).ConfigureAwait(false);
        return work;
    }

    /// <summary>Derives the transitions of the next page of the change feed and commits them with the checkpoint.</summary>
    /// <returns>The number of events read.</returns>
    private async Task<int> DeriveAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await _log.ReadCheckpointAsync(cancellationToken).ConfigureAwait(false);
        var page = await _store.ReadSinceAsync(checkpoint, Options.BatchSize, cancellationToken).ConfigureAwait(false);
        if (page.Count == 0)
        {
            return 0;
        }

        var engines = Engines();
        var byKey = new Dictionary<JourneyKey, List<StoredEvent>>();
        foreach (var e in page)
        {
            if (engines.ContainsKey(e.Key.DefinitionName))
            {
                if (!byKey.TryGetValue(e.Key, out var list))
                {
                    byKey[e.Key] = list = [];
                }

                list.Add(e);
            }
        }

        var deliveries = new List<NewDelivery>();
        var timers = new List<JourneyTimer>();
        if (_replaysAt != checkpoint)
        {
            _replays.Clear(); // another instance derived pages this one has not seen: its replays may be behind
        }

        // journeys whose replay (kept from earlier pages) stands right before the page's first event need no load
        // (and a page that holds a journey's first event needs none either)
        var toLoad = byKey.Where(p => p.Value[0].Sequence > 1 && !(_replays.TryGetValue(p.Key, out var r) && r.Sequence == p.Value[0].Sequence - 1)).Select(p => p.Key).ToArray();
        var loaded = toLoad.Length == 0 ? [] : await _store.LoadManyAsync(toLoad, cancellationToken).ConfigureAwait(false);
        var stored = new Dictionary<JourneyKey, StoredJourney?>(toLoad.Length);
        for (var k = 0; k < toLoad.Length; k++)
        {
            stored[toLoad[k]] = loaded[k];
        }

        foreach (var (key, events) in byKey)
        {
            JourneyReplay replay;
            if (stored.TryGetValue(key, out var journey))
            {
                if (journey is null || !Matches(journey, events))
                {
                    _replays.Remove(key);
                    continue; // erased (and maybe begun again) since: nothing of its old history is delivered
                }

                replay = new JourneyReplay(engines[key.DefinitionName], key);
                for (var sequence = 1L; sequence < events[0].Sequence; sequence++)
                {
                    replay.Apply(new StoredEvent { Position = 0, Key = key, Sequence = sequence, Event = journey.Events[(int)sequence - 1] });
                }
            }
            else
            {
                replay = events[0].Sequence == 1 ? new JourneyReplay(engines[key.DefinitionName], key) : _replays[key];
            }

            foreach (var e in events)
            {
                if (e.Sequence != replay.Sequence + 1)
                {
                    throw new JourneyStoreCorruptException($"The change feed holds event #{e.Sequence} of journey {key.DefinitionName}/{key.CustomerId} after #{replay.Sequence}: its events are not in sequence order.");
                }

                if (replay.Apply(e) is { } transition)
                {
                    foreach (var handler in _handlers)
                    {
                        if (handler.Wants(transition))
                        {
                            deliveries.Add(new NewDelivery { Handler = handler.Name, Transition = transition });
                        }
                    }
                }
            }

            timers.Add(new JourneyTimer { Key = key, DueAt = replay.NextLapseAt });
            if (_replays.Count >= MaxReplays && !_replays.ContainsKey(key))
            {
                _replays.Clear(); // bounded memory: start over (journeys are then loaded again)
            }

            _replays[key] = replay;
        }

        var committed = await _log.CommitAsync(checkpoint, page[^1].Position, deliveries, timers, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        _replaysAt = committed ? page[^1].Position : -1;
        return page.Count;
    }

    /// <summary>Whether the loaded journey still holds the page's events at their sequences (it was not erased since).</summary>
    private static bool Matches(StoredJourney stored, List<StoredEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Sequence > stored.Events.Count || !string.Equals(stored.Events[(int)e.Sequence - 1].EventId, e.Event.EventId, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Appends the markers of the lapses due now.</summary>
    /// <returns>The number of due timers handled.</returns>
    private async Task<int> ApplyLapsesAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var due = await _log.DueTimersAsync(now, Options.BatchSize, cancellationToken).ConfigureAwait(false);
        var handled = 0;
        foreach (var timer in due)
        {
            var engines = Engines();
            var stored = engines.TryGetValue(timer.Key.DefinitionName, out var engine)
                ? await _store.LoadAsync(timer.Key, cancellationToken).ConfigureAwait(false)
                : null;
            if (stored is null)
            {
                await _log.ClearTimerAsync(timer.Key, timer.DueAt!.Value, cancellationToken).ConfigureAwait(false);
                handled++;
                continue;
            }

            var replay = new JourneyReplay(engine!, timer.Key);
            for (var i = 0; i < stored.Events.Count; i++)
            {
                replay.Apply(new StoredEvent { Position = 0, Key = timer.Key, Sequence = i + 1, Event = stored.Events[i] });
            }

            if (replay.NextLapseAt is { } lapse && lapse <= now)
            {
                var result = await _store.AppendAsync(timer.Key, stored.Version, [InactivityMarker.Create(timer.Key.CustomerId, lapse)], cancellationToken).ConfigureAwait(false);
                if (result.Status == AppendStatus.Conflict)
                {
                    continue; // a touch (or another instance) got there first: decided again next round
                }

                if (result.Appended == 1)
                {
                    DispatchTelemetry.Lapses.Add(1, new KeyValuePair<string, object?>("journey", timer.Key.DefinitionName));
                    Log.LapseApplied(_logger, timer.Key.CustomerId, timer.Key.DefinitionName, lapse);
                }
            }

            // due later (a touch moved it; the feed will set the new time) or applied: this due time is done
            await _log.ClearTimerAsync(timer.Key, timer.DueAt!.Value, cancellationToken).ConfigureAwait(false);
            handled++;
        }

        return handled;
    }

    /// <summary>Claims due deliveries and calls their handlers; customers run in parallel, one customer's deliveries in order.</summary>
    /// <returns>The number of deliveries attempted.</returns>
    private async Task<int> DeliverAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var claimed = await _log.ClaimAsync(InstanceId, Options.BatchSize, now, Options.Lease, cancellationToken).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var done = new ConcurrentBag<long>();
        var groups = claimed.GroupBy(d => d.Transition.Key).Select(g => g.ToList()).ToList();
        await Parallel.ForEachAsync(
            groups,
            new ParallelOptions { MaxDegreeOfParallelism = Options.MaxConcurrency, CancellationToken = cancellationToken },
            async (group, ct) =>
            {
                foreach (var delivery in group)
                {
                    if (await AttemptAsync(delivery, now, ct).ConfigureAwait(false))
                    {
                        done.Add(delivery.Id);
                    }
                }
            }).ConfigureAwait(false);

        await _log.CompleteAsync(InstanceId, done.ToArray(), cancellationToken).ConfigureAwait(false);
        return claimed.Count;
    }

    /// <summary>Calls a delivery's handler; records a failure (retry or park) and returns whether it succeeded.</summary>
    private async Task<bool> AttemptAsync(JourneyDelivery delivery, DateTimeOffset claimedAt, CancellationToken cancellationToken)
    {
        var transition = delivery.Transition;
        var tags = new TagList { { "journey", transition.Key.DefinitionName }, { "handler", delivery.Handler } };
        if (!_byName.TryGetValue(delivery.Handler, out var handler))
        {
            var error = $"No journey handler named '{delivery.Handler}' is registered.";
            await _log.FailAsync(InstanceId, delivery.Id, error, null, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            DispatchTelemetry.Parked.Add(1, tags);
            Log.Parked(_logger, delivery.Handler, transition.DeliveryId, new(transition.ToString()), delivery.Attempts + 1, delivery.Id, null);
            return false;
        }

        DispatchTelemetry.Delay.Record(Math.Max(0, (claimedAt - delivery.NextAttemptAt).TotalSeconds), tags);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.HandlerTimeout);
            var scope = _scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                await handler.Invoke(scope.ServiceProvider, transition, timeout.Token).ConfigureAwait(false);
            }

            DispatchTelemetry.Delivered.Add(1, tags);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // stopping: the lease ends and the delivery is attempted again
        }
        catch (Exception ex)
        {
            var attempt = delivery.Attempts + 1;
            var now = _time.GetUtcNow();
            DispatchTelemetry.Failed.Add(1, tags);
            var error = $"{ex.GetType().FullName}: {ex.Message}";
            if (attempt >= Options.MaxAttempts)
            {
                await _log.FailAsync(InstanceId, delivery.Id, error, null, now, CancellationToken.None).ConfigureAwait(false);
                DispatchTelemetry.Parked.Add(1, tags);
                Log.Parked(_logger, delivery.Handler, transition.DeliveryId, new(transition.ToString()), attempt, delivery.Id, ex);
            }
            else
            {
                var retryAt = now + RetryDelay(attempt);
                await _log.FailAsync(InstanceId, delivery.Id, error, retryAt, now, CancellationToken.None).ConfigureAwait(false);
                Log.Failed(_logger, delivery.Handler, transition.DeliveryId, new(transition.ToString()), attempt, retryAt, ex);
            }

            return false;
        }
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/>: RetryDelay × 2^(attempt - 1), capped, with ±25 % jitter.</summary>
    private TimeSpan RetryDelay(int attempt)
    {
        var ceiling = Math.Min(Options.MaxRetryDelay.TotalMilliseconds, Options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        return TimeSpan.FromMilliseconds(ceiling * (0.75 + (Random.Shared.NextDouble() * 0.25)));
    }

    private async Task ObserveAsync(CancellationToken cancellationToken)
    {
        var counts = await _log.CountAsync(cancellationToken).ConfigureAwait(false);
        DispatchTelemetry.Observe(counts.Pending, counts.Parked, counts.OldestTimer is { } oldest ? (_time.GetUtcNow() - oldest).TotalSeconds : 0);
    }

    private Dictionary<string, JourneyEngine> Engines()
    {
        if (_engines is null)
        {
            var engines = new Dictionary<string, JourneyEngine>(StringComparer.Ordinal);
            foreach (var name in _trackers.Names)
            {
                var engine = _trackers.Get(name).Engine;
                engines.TryAdd(engine.Definition.Name, engine);
            }

            _engines = engines;
        }

        return _engines;
    }
}
