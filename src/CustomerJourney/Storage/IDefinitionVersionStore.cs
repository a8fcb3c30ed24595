namespace CustomerJourney.Storage;

/// <summary>
/// A store that records which definition version each journey was folded with, and keeps definition documents by
/// version so that journeys kept on an older version can be folded with it later. Implemented by every built-in store.
/// </summary>
/// <remarks>
/// The recorded version is written after the events it concerns, not in their transaction: a journey whose events are
/// newer than its record (a crash between the two writes, or a journey written before versions were recorded) is folded
/// with the version its tracker chooses for journeys with no record, and recorded at its next write. Erasing a customer
/// erases their recorded versions with their journeys; definition documents are not personal data and stay.
/// </remarks>
public interface IDefinitionVersionStore
{
    /// <summary>The longest definition version text accepted.</summary>
    public const int MaxVersionLength = 128;

    /// <summary>The definition version recorded for a journey.</summary>
    /// <param name="key">The journey.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The recorded version, or <see langword="null"/> when none is recorded (or the journey does not exist).</returns>
    ValueTask<RecordedDefinitionVersion?> GetDefinitionVersionAsync(JourneyKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that a journey is folded with <paramref name="version"/> from its sequence <paramref name="since"/> on,
    /// unless that version is already recorded for it (then the earlier <c>Since</c> stays).
    /// </summary>
    /// <param name="key">The journey; it must hold events.</param>
    /// <param name="version">The definition version (1 to <see cref="MaxVersionLength"/> characters).</param>
    /// <param name="since">The journey's version when it was first folded with <paramref name="version"/> (0 or more).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when the record changed; <see langword="false"/> when it already said so or the journey holds no events.</returns>
    /// <exception cref="ArgumentException"><paramref name="version"/> is empty or too long, or <paramref name="since"/> is negative.</exception>
    ValueTask<bool> RecordDefinitionVersionAsync(JourneyKey key, string version, long since, CancellationToken cancellationToken = default);

    /// <summary>How many journeys of a definition are recorded on each version; journeys with no record count under the empty string.</summary>
    /// <param name="definitionName">The definition's name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Version to number of journeys holding events.</returns>
    ValueTask<IReadOnlyDictionary<string, long>> CountDefinitionVersionsAsync(string definitionName, CancellationToken cancellationToken = default);

    /// <summary>Keeps a definition document under its name and version; saving the same version again changes nothing.</summary>
    /// <param name="definitionName">The definition's name.</param>
    /// <param name="version">The definition version (1 to <see cref="MaxVersionLength"/> characters).</param>
    /// <param name="json">The definition's JSON.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the document is stored.</returns>
    ValueTask SaveDefinitionAsync(string definitionName, string version, string json, CancellationToken cancellationToken = default);

    /// <summary>A definition document saved with <see cref="SaveDefinitionAsync"/>.</summary>
    /// <param name="definitionName">The definition's name.</param>
    /// <param name="version">The definition version.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The JSON, or <see langword="null"/> when no such document is kept.</returns>
    ValueTask<string?> LoadDefinitionAsync(string definitionName, string version, CancellationToken cancellationToken = default);
}
