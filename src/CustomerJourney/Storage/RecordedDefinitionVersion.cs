namespace CustomerJourney.Storage;

/// <summary>The definition version a store recorded for a journey, and from where in the journey it applies.</summary>
/// <param name="Version">The definition version, as <c>DefinitionVersion.ToString()</c> writes it (<c>NUMBER-HASH</c>).</param>
/// <param name="Since">
/// The journey's version (its number of stored events) when it was first folded with <paramref name="Version"/>: events
/// with a sequence number above it were decided under this version; a stage the journey holds at sequence
/// <paramref name="Since"/> that differs from what an earlier version gave it there came from the re-fold alone, not from an event.
/// </param>
public sealed record RecordedDefinitionVersion(string Version, long Since);
