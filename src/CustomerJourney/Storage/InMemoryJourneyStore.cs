using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CustomerJourney.Internal;

namespace CustomerJourney.Storage;

/// <summary>A fast, thread-safe <see cref="IJourneyStore"/> in process memory. Nothing survives the process.</summary>
public sealed partial class InMemoryJourneyStore : IJourneyStore, IDisposable
{
    private readonly ConcurrentDictionary<JourneyKey, Stream> _streams = new();
    private readonly IdentityMap _identities = new();

    // the change feed: every stored event in position order; positions are allocated under this lock, so the log is
    // always sorted and a reader never sees a later position before an earlier one
    private readonly List<StoredEvent> _log = [];
    private long _position;

    /// <summary>The number of journeys held.</summary>
    public int Count => _streams.Count;

    /// <summary>Nothing to release: the journeys stay readable after disposal (they live in this object).</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Nothing to release; present so that containers disposed synchronously accept the store.</summary>
    public void Dispose()
    {
    }

    /// <inheritdoc />
    public ValueTask<StoredJourney?> LoadAsync(JourneyKey key, CancellationToken cancellationToken = default)
    {
        if (!_streams.TryGetValue(key, out var stream))
        {
            return ValueTask.FromResult<StoredJourney?>(null);
        }

        lock (stream)
        {
            return ValueTask.FromResult<StoredJourney?>(stream.Events.Count == 0 ? null : new StoredJourney { Key = key, Version = stream.Events.Count, Events = stream.Events.ToArray() });
        }
    }

    /// <inheritdoc />
    public ValueTask<AppendResult> AppendAsync(JourneyKey key, long expectedVersion, IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        for (var i = 0; i < events.Count; i++)
        {
            if (!string.Equals(events[i].CustomerId, key.CustomerId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Event '{events[i].EventId}' belongs to customer '{events[i].CustomerId}', not '{key.CustomerId}'.", nameof(events));
            }
        }

        while (true)
        {
            var stream = _streams.GetOrAdd(key, static _ => new Stream());
            lock (stream)
            {
                if (stream.Erased)
                {
                    continue; // erased while we looked it up: use the fresh stream
                }

                if (stream.Events.Count != expectedVersion)
                {
                    return ValueTask.FromResult(new AppendResult { Status = AppendStatus.Conflict, Version = stream.Events.Count, Appended = 0 });
                }

                List<string>? duplicates = null;
                var appended = 0;
                lock (_log)
                {
                    for (var i = 0; i < events.Count; i++)
                    {
                        var e = events[i];
                        if (stream.Ids.Add(e.EventId))
                        {
                            stream.Events.Add(e);
                            _log.Add(new StoredEvent { Position = ++_position, Key = key, Sequence = stream.Events.Count, Event = e });
                            appended++;
                        }
                        else
                        {
                            (duplicates ??= []).Add(e.EventId);
                        }
                    }
                }

                return ValueTask.FromResult(new AppendResult { Status = AppendStatus.Appended, Version = stream.Events.Count, Appended = appended, Duplicates = duplicates });
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredJourney> ReadAllAsync(string definitionName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!_identities.IsEmpty)
        {
            await foreach (var merged in ReadAllLinkedAsync(definitionName, cancellationToken).ConfigureAwait(false))
            {
                yield return merged;
            }

            yield break;
        }

        foreach (var (key, stream) in _streams)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!string.Equals(key.DefinitionName, definitionName, StringComparison.Ordinal))
            {
                continue;
            }

            StoredJourney? journey;
            lock (stream)
            {
                journey = stream.Events.Count == 0 ? null : new StoredJourney { Key = key, Version = stream.Events.Count, Events = stream.Events.ToArray() };
            }

            if (journey is not null)
            {
                yield return journey;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoredEvent>> ReadSinceAsync(long position, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 100_000);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_log)
        {
            // the first entry after position: binary search over the sorted positions
            int low = 0, high = _log.Count;
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                if (_log[middle].Position <= position)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            var count = Math.Min(limit, _log.Count - low);
            return ValueTask.FromResult<IReadOnlyList<StoredEvent>>(_log.GetRange(low, count).ToArray());
        }
    }

    /// <inheritdoc />
    public ValueTask<LinkResult> LinkAsync(string id, string customerId, CancellationToken cancellationToken = default)
    {
        LinkedJourneys.CheckIds(id, customerId);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_identities.Link(id, customerId));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<IdentityGroup>> ResolveManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        var groups = new IdentityGroup[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            groups[i] = _identities.Group(Guard.NotNull(ids[i]));
        }

        return ValueTask.FromResult<IReadOnlyList<IdentityGroup>>(groups);
    }

    /// <inheritdoc />
    /// <remarks>Erases every id linked with <paramref name="customerId"/> as well, and their links.</remarks>
    public ValueTask<int> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(customerId);
        cancellationToken.ThrowIfCancellationRequested();
        var group = _identities.Remove(customerId);
        var erased = 0;
        foreach (var id in group.Ids)
        {
            erased += EraseId(id);
        }

        return ValueTask.FromResult(erased);
    }

    /// <summary>The journeys of a definition merged per identity group, in customer order.</summary>
    private async IAsyncEnumerable<StoredJourney> ReadAllLinkedAsync(string definitionName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var customers = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in _streams.Keys)
        {
            if (string.Equals(key.DefinitionName, definitionName, StringComparison.Ordinal))
            {
                customers.Add(_identities.Resolve(key.CustomerId));
            }
        }

        foreach (var customer in customers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var group = _identities.Group(customer);
            var members = new List<StoredJourney?> { await LoadAsync(new JourneyKey(definitionName, group.CustomerId), cancellationToken).ConfigureAwait(false) };
            foreach (var id in group.Ids)
            {
                if (!string.Equals(id, group.CustomerId, StringComparison.Ordinal))
                {
                    members.Add(await LoadAsync(new JourneyKey(definitionName, id), cancellationToken).ConfigureAwait(false));
                }
            }

            if (LinkedJourneys.Merge(new JourneyKey(definitionName, group.CustomerId), members) is { } merged)
            {
                yield return merged;
            }
        }
    }

    private int EraseId(string customerId)
    {
        var erased = 0;
        foreach (var key in _streams.Keys)
        {
            if (string.Equals(key.CustomerId, customerId, StringComparison.Ordinal) && _streams.TryRemove(key, out var stream))
            {
                lock (stream)
                {
                    stream.Erased = true;
                    _versions.TryRemove(key, out _); // under the lock: a concurrent record sees Erased or is removed here
                    if (stream.Events.Count > 0)
                    {
                        erased++;
                    }

                    stream.Events.Clear();
                    stream.Ids.Clear();
                    lock (_log)
                    {
                        _log.RemoveAll(e => e.Key == key);
                    }
                }
            }
        }

        _deliveries?.EraseCustomer(customerId); // the delivery log keeps nothing of an erased customer
        return erased;
    }

    private sealed class Stream
    {
        public List<TouchpointEvent> Events { get; } = [];

        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);

        public bool Erased { get; set; }
    }
}
