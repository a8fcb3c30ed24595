using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using BitFaster.Caching;
using BitFaster.Caching.Lru;
using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Internal;
using CustomerJourney.Storage;

namespace CustomerJourney.Tracking;

/// <summary>
/// A store-backed tracker that knows its definition changes: it records in the store which definition version each
/// journey was folded with, and, per <see cref="DefinitionVersioningOptions.Policy"/>, either re-folds every journey
/// under the current version or keeps each journey on the version it started with. Each version runs in its own
/// <see cref="StoreBackedJourneyTracker"/> over the same store, so every event is decided exactly as that tracker decides it.
/// </summary>
/// <remarks>
/// <para>The store must implement <see cref="IDefinitionVersionStore"/> (every built-in store does). The current definition
/// document is saved in the store on the first write, so a later version of the host can keep journeys on it.</para>
/// <para>Rule for anything that reacts to stage changes: a stage change is an event's only when the journey folded under
/// one version differs before and after that event. A journey whose stage differs between two versions at the same
/// sequence (<see cref="RecordedDefinitionVersion.Since"/>) moved because of the re-fold alone, and nothing should fire for it.</para>
/// </remarks>
public sealed class VersionedJourneyTracker : IJourneyTracker
{
    private readonly IJourneyStore _store;
    private readonly IDefinitionVersionStore _versions;
    private readonly StoreBackedJourneyTracker _current;
    private readonly string _currentVersion;
    private readonly string? _unrecorded;
    private readonly JourneyTrackerOptions? _options;
    private readonly TimeProvider? _timeProvider;
    private readonly GuardRegistry _guards;
    private readonly ConcurrentDictionary<string, Lazy<Task<StoreBackedJourneyTracker?>>> _trackers = new(StringComparer.Ordinal);
    private readonly ICache<string, string>? _recorded;
    private int _saved;

    /// <summary>Creates a tracker over a store that records definition versions.</summary>
    /// <param name="engine">The current definition, compiled.</param>
    /// <param name="store">Where journeys live; must implement <see cref="IDefinitionVersionStore"/>. The caller keeps ownership.</param>
    /// <param name="versioning">The policy and earlier versions; re-fold with none when <see langword="null"/>.</param>
    /// <param name="options">Tracker options, shared by every version's tracker.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The store records no versions, an earlier version has another name, or an option is out of range.</exception>
    /// <exception cref="JourneyDefinitionException">An earlier version uses a guard the current engine does not bind.</exception>
    public VersionedJourneyTracker(
        JourneyEngine engine,
        IJourneyStore store,
        DefinitionVersioningOptions? versioning = null,
        JourneyTrackerOptions? options = null,
        TimeProvider? timeProvider = null)
    {
        Guard.NotNull(engine);
        _store = Guard.NotNull(store);
        _versions = store as IDefinitionVersionStore
            ?? throw new ArgumentException($"{store.GetType().Name} does not record definition versions (it does not implement {nameof(IDefinitionVersionStore)}).", nameof(store));
        versioning ??= new DefinitionVersioningOptions();
        if (versioning.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException("Invalid definition versioning options: " + string.Join(" ", problems), nameof(versioning));
        }

        options = options?.Snapshot(); // every version's tracker gets the settings as they are now
        Policy = versioning.Policy;
        Version = DefinitionVersion.Of(engine.Definition);
        _currentVersion = Version.ToString();
        _unrecorded = versioning.UnrecordedVersion?.ToString();
        _options = options;
        _timeProvider = timeProvider;
        _current = new StoreBackedJourneyTracker(engine, store, options, timeProvider);
        _trackers[_currentVersion] = new Lazy<Task<StoreBackedJourneyTracker?>>(Task.FromResult<StoreBackedJourneyTracker?>(_current));
        _guards = new GuardRegistry();
        foreach (var (name, predicate) in engine.Guards)
        {
            _guards.Add(name, predicate);
        }

        foreach (var earlier in versioning.EarlierVersions)
        {
            Guard.NotNull(earlier);
            if (!string.Equals(earlier.Name, engine.Definition.Name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"An earlier version of '{engine.Definition.Name}' is named '{earlier.Name}'.", nameof(versioning));
            }

            var tracker = new StoreBackedJourneyTracker(JourneyEngine.Compile(earlier, _guards), store, options, timeProvider);
            _trackers.TryAdd(DefinitionVersion.Of(earlier).ToString(), new Lazy<Task<StoreBackedJourneyTracker?>>(Task.FromResult<StoreBackedJourneyTracker?>(tracker)));
        }

        var capacity = options?.CacheCapacity ?? new JourneyTrackerOptions().CacheCapacity; // validated by the tracker above: 0 or at least 3
        if (capacity > 0)
        {
            _recorded = new ConcurrentLruBuilder<string, string>().WithCapacity(capacity).WithKeyComparer(StringComparer.Ordinal).Build();
        }
    }

    /// <summary>The current definition's version: what new journeys (and, with <see cref="DefinitionChangePolicy.Refold"/>, every journey) are folded with.</summary>
    public DefinitionVersion Version { get; }

    /// <summary>What happens to journeys recorded under earlier versions.</summary>
    public DefinitionChangePolicy Policy { get; }

    /// <inheritdoc />
    /// <remarks>The current version's engine.</remarks>
    public JourneyEngine Engine => _current.Engine;

    /// <inheritdoc />
    public IReadOnlyList<EventError> Validate(TouchpointEvent touchpointEvent) => _current.Validate(touchpointEvent);

    /// <summary>The store.</summary>
    public IJourneyStore Store => _store;

    /// <summary>The definition version recorded for a customer's journey (what a handler consults to tell re-folds from events).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The recorded version, or <see langword="null"/> when none is recorded.</returns>
    public ValueTask<RecordedDefinitionVersion?> GetDefinitionVersionAsync(string customerId, CancellationToken cancellationToken = default) =>
        _versions.GetDefinitionVersionAsync(Key(Guard.NotNull(customerId)), cancellationToken);

    /// <summary>The version a customer's journey is folded with now (recorded, assumed or current, per the policy).</summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The version, as <c>NUMBER-HASH</c>.</returns>
    public async ValueTask<string> GetFoldVersionAsync(string customerId, CancellationToken cancellationToken = default) =>
        (await RouteAsync(Guard.NotNull(customerId), cancellationToken).ConfigureAwait(false)).Version;

    /// <inheritdoc />
    public async ValueTask<TrackResult> TrackAsync(TouchpointEvent touchpointEvent, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(touchpointEvent);
        if (touchpointEvent.CustomerId is null)
        {
            return await _current.TrackAsync(touchpointEvent, cancellationToken).ConfigureAwait(false); // rejected by the validator
        }

        await SaveCurrentAsync(cancellationToken).ConfigureAwait(false);
        var route = await RouteAsync(touchpointEvent.CustomerId, cancellationToken).ConfigureAwait(false);
        var result = await route.Tracker.TrackAsync(touchpointEvent, cancellationToken).ConfigureAwait(false);
        if (result.IsRecorded)
        {
            await RecordAsync(touchpointEvent.CustomerId, route, result.Version, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TrackResult>> TrackBatchAsync(IEnumerable<TouchpointEvent> events, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(events);
        var batch = events as IReadOnlyList<TouchpointEvent> ?? events.ToList();
        await SaveCurrentAsync(cancellationToken).ConfigureAwait(false);
        var routes = new Dictionary<string, Route>(StringComparer.Ordinal);
        var groups = new Dictionary<StoreBackedJourneyTracker, List<int>>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < batch.Count; i++)
        {
            var customer = Guard.NotNull(batch[i]).CustomerId;
            var tracker = _current; // events without a customer are rejected by any version's validator
            if (customer is not null)
            {
                if (!routes.TryGetValue(customer, out var route))
                {
                    routes[customer] = route = await RouteAsync(customer, cancellationToken).ConfigureAwait(false);
                }

                tracker = route.Tracker;
            }

            if (!groups.TryGetValue(tracker, out var indices))
            {
                groups[tracker] = indices = [];
            }

            indices.Add(i);
        }

        var results = new TrackResult[batch.Count];
        foreach (var (tracker, indices) in groups)
        {
            var decided = await tracker.TrackBatchAsync(indices.Select(i => batch[i]).ToArray(), cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < indices.Count; k++)
            {
                results[indices[k]] = decided[k];
            }
        }

        // record each written journey's version once, from its first event written in this batch
        var reached = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (result.IsRecorded)
            {
                reached[result.CustomerId] = reached.TryGetValue(result.CustomerId, out var first) ? Math.Min(first, result.Version) : result.Version;
            }
        }

        foreach (var (customer, version) in reached)
        {
            await RecordAsync(customer, routes[customer], version, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TrackResult> TrackAsync(IAsyncEnumerable<TouchpointEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.NotNull(events);
        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return await TrackAsync(e, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<Journey?> GetJourneyAsync(string customerId, CancellationToken cancellationToken = default) =>
        await (await ReaderAsync(Guard.NotNull(customerId), cancellationToken).ConfigureAwait(false)).GetJourneyAsync(customerId, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<Journey?> GetJourneyAsync(string customerId, ReadConsistency consistency, CancellationToken cancellationToken = default) =>
        await (await ReaderAsync(Guard.NotNull(customerId), cancellationToken).ConfigureAwait(false)).GetJourneyAsync(customerId, consistency, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>Erases every journey of the customer in the store (every definition, with their recorded versions) and from every version's cache.</remarks>
    public async ValueTask<bool> EraseAsync(string customerId, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(customerId);
        var erased = false;
        foreach (var lazy in _trackers.Values)
        {
            if (lazy.IsValueCreated && await lazy.Value.ConfigureAwait(false) is { } tracker)
            {
                erased |= await tracker.EraseAsync(customerId, cancellationToken).ConfigureAwait(false);
            }
        }

        _recorded?.TryRemove(customerId);
        return erased;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The link is kept by the store, which every version's tracker shares; it is made through the tracker of the customer's
    /// version, and every other version's tracker drops its cached journeys of both ids. The merged journey is folded under
    /// the customer's recorded version (<see cref="DefinitionChangePolicy.KeepStartedVersion"/>) or the current one.
    /// </remarks>
    public async ValueTask<LinkResult> LinkAsync(string id, string customerId, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(id);
        Guard.NotNull(customerId);
        var route = await RouteAsync(customerId, cancellationToken).ConfigureAwait(false);
        var result = await route.Tracker.LinkAsync(id, customerId, cancellationToken).ConfigureAwait(false);
        foreach (var lazy in _trackers.Values)
        {
            if (lazy.IsValueCreated && await lazy.Value.ConfigureAwait(false) is { } tracker && !ReferenceEquals(tracker, route.Tracker))
            {
                tracker.Forget(id);
                tracker.Forget(customerId);
                tracker.Forget(result.CustomerId);
            }
        }

        _recorded?.TryRemove(id);
        return result;
    }

    /// <summary>The tracker that reads a customer's journey: with re-folding always the current one (no record needed).</summary>
    private async ValueTask<StoreBackedJourneyTracker> ReaderAsync(string customerId, CancellationToken cancellationToken) =>
        Policy == DefinitionChangePolicy.Refold ? _current : (await RouteAsync(customerId, cancellationToken).ConfigureAwait(false)).Tracker;

    private async ValueTask<Route> RouteAsync(string customerId, CancellationToken cancellationToken)
    {
        string? recorded;
        if (_recorded is not null && _recorded.TryGet(customerId, out var known))
        {
            recorded = known;
        }
        else
        {
            recorded = (await _versions.GetDefinitionVersionAsync(Key(customerId), cancellationToken).ConfigureAwait(false))?.Version;
            if (recorded is not null)
            {
                _recorded?.AddOrUpdate(customerId, recorded);
            }
        }

        if (Policy == DefinitionChangePolicy.Refold)
        {
            return new Route(_current, _currentVersion, recorded);
        }

        var version = recorded ?? _unrecorded ?? _currentVersion;
        var tracker = await TrackerForAsync(version).ConfigureAwait(false)
            ?? throw new DefinitionVersionUnavailableException(Engine.Definition.Name, version, customerId);
        return new Route(tracker, version, recorded);
    }

    private async ValueTask RecordAsync(string customerId, Route route, long journeyVersion, CancellationToken cancellationToken)
    {
        if (string.Equals(route.Recorded, route.Version, StringComparison.Ordinal))
        {
            return;
        }

        // a journey with no record was folded with this version from its start; one moved from another version is
        // folded with it from before the first event written under it
        var since = route.Recorded is null ? 0 : Math.Max(0, journeyVersion - 1);
        await _versions.RecordDefinitionVersionAsync(Key(customerId), route.Version, since, cancellationToken).ConfigureAwait(false);
        _recorded?.AddOrUpdate(customerId, route.Version);
    }

    private Task<StoreBackedJourneyTracker?> TrackerForAsync(string version) =>
        _trackers.GetOrAdd(version, v => new Lazy<Task<StoreBackedJourneyTracker?>>(() => LoadAsync(v))).Value;

    /// <summary>The tracker of a version the store keeps; <see langword="null"/> (asked again next time) when it keeps none.</summary>
    private async Task<StoreBackedJourneyTracker?> LoadAsync(string version)
    {
        try
        {
            // not cancellable: the result is shared by every caller that asks for this version
            var json = await _versions.LoadDefinitionAsync(Engine.Definition.Name, version, CancellationToken.None).ConfigureAwait(false);
            if (json is null)
            {
                _trackers.TryRemove(version, out _); // it may be saved later (by another instance)
                return null;
            }

            var definition = JourneyJson.Parse(json, _guards);
            return new StoreBackedJourneyTracker(JourneyEngine.Compile(definition, _guards), _store, _options, _timeProvider);
        }
        catch
        {
            _trackers.TryRemove(version, out _); // a failed load is not remembered
            throw;
        }
    }

    private async ValueTask SaveCurrentAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _saved) == 0)
        {
            await _versions.SaveDefinitionAsync(Engine.Definition.Name, _currentVersion, JourneyJson.Serialize(Engine.Definition, indented: false), cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _saved, 1);
        }
    }

    private JourneyKey Key(string customerId) => new(Engine.Definition.Name, customerId);

    /// <summary>Which tracker folds a customer's journey, with which version, and what the store (or cache) has recorded.</summary>
    private readonly record struct Route(StoreBackedJourneyTracker Tracker, string Version, string? Recorded);
}
