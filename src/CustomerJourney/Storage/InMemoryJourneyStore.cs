using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CustomerJourney.Internal;

namespace CustomerJourney.Storage;

/// <summary>A fast, thread-safe <see cref="IJourneyStore"/> in process memory. Nothing survives the process.</summary>
public sealed class InMemoryJourneyStore : IJourneyStore, IDisposable
{
    private readonly ConcurrentDictionary<JourneyKey, Stream> _streams = new();

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
            return ValueTask.FromResult<StoredJourney?>(stream.Events.Count == 0 ? null : new StoredJourney(key, stream.Events.Count, stream.Events.ToArray()));
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
                    return ValueTask.FromResult(new AppendResult(AppendStatus.Conflict, stream.Events.Count, 0));
                }

                List<string>? duplicates = null;
                var appended = 0;
                for (var i = 0; i < events.Count; i++)
                {
                    var e = events[i];
                    if (stream.Ids.Add(e.EventId))
                    {
                        stream.Events.Add(e);
                        appended++;
                    }
                    else
                    {
                        (duplicates ??= []).Add(e.EventId);
                    }
                }

                return ValueTask.FromResult(new AppendResult(AppendStatus.Appended, stream.Events.Count, appended, duplicates));
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredJourney> ReadAllAsync(string definitionName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
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
                journey = stream.Events.Count == 0 ? null : new StoredJourney(key, stream.Events.Count, stream.Events.ToArray());
            }

            if (journey is not null)
            {
                yield return journey;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<int> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default)
    {
        var erased = 0;
        foreach (var key in _streams.Keys)
        {
            if (string.Equals(key.CustomerId, customerId, StringComparison.Ordinal) && _streams.TryRemove(key, out var stream))
            {
                lock (stream)
                {
                    stream.Erased = true;
                    if (stream.Events.Count > 0)
                    {
                        erased++;
                    }

                    stream.Events.Clear();
                    stream.Ids.Clear();
                }
            }
        }

        return ValueTask.FromResult(erased);
    }

    private sealed class Stream
    {
        public List<TouchpointEvent> Events { get; } = [];

        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);

        public bool Erased { get; set; }
    }
}
