using System.Collections.Concurrent;
using CustomerJourney.Internal;

namespace CustomerJourney.Storage;

/// <summary>The definition versions of <see cref="InMemoryJourneyStore"/>.</summary>
public sealed partial class InMemoryJourneyStore : IDefinitionVersionStore
{
    private readonly ConcurrentDictionary<JourneyKey, RecordedDefinitionVersion> _versions = new();
    private readonly ConcurrentDictionary<(string Name, string Version), string> _definitions = new();

    /// <inheritdoc />
    public ValueTask<RecordedDefinitionVersion?> GetDefinitionVersionAsync(JourneyKey key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_versions.TryGetValue(key, out var recorded) && HoldsEvents(key) ? recorded : null);

    /// <inheritdoc />
    public ValueTask<bool> RecordDefinitionVersionAsync(JourneyKey key, string version, long since, CancellationToken cancellationToken = default)
    {
        DefinitionVersionArguments.Check(version, since);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_streams.TryGetValue(key, out var stream))
        {
            return ValueTask.FromResult(false);
        }

        lock (stream)
        {
            // under the stream's lock: an erasure (which takes it too) cannot slip between the check and the write
            if (stream.Erased || stream.Events.Count == 0)
            {
                return ValueTask.FromResult(false);
            }

            if (_versions.TryGetValue(key, out var recorded) && string.Equals(recorded.Version, version, StringComparison.Ordinal))
            {
                return ValueTask.FromResult(false);
            }

            _versions[key] = new RecordedDefinitionVersion { Version = version, Since = since };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, long>> CountDefinitionVersionsAsync(string definitionName, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(definitionName);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var key in _streams.Keys)
        {
            if (string.Equals(key.DefinitionName, definitionName, StringComparison.Ordinal) && HoldsEvents(key))
            {
                var version = _versions.TryGetValue(key, out var recorded) ? recorded.Version : string.Empty;
                counts[version] = counts.GetValueOrDefault(version) + 1;
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<string, long>>(counts);
    }

    /// <inheritdoc />
    public ValueTask SaveDefinitionAsync(string definitionName, string version, string json, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(definitionName);
        Guard.NotNull(json);
        DefinitionVersionArguments.Check(version, 0);
        _definitions.TryAdd((definitionName, version), json);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<string?> LoadDefinitionAsync(string definitionName, string version, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(definitionName);
        Guard.NotNull(version);
        return ValueTask.FromResult(_definitions.TryGetValue((definitionName, version), out var json) ? json : null);
    }

    private bool HoldsEvents(JourneyKey key)
    {
        if (!_streams.TryGetValue(key, out var stream))
        {
            return false;
        }

        lock (stream)
        {
            return !stream.Erased && stream.Events.Count > 0;
        }
    }
}
