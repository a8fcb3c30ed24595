namespace CustomerJourney.Storage;

/// <summary>The definition version a store recorded for a journey, and from where in the journey it applies.</summary>
public sealed record RecordedDefinitionVersion
{
    /// <summary>The definition version, as <c>DefinitionVersion.ToString()</c> writes it (<c>NUMBER-HASH</c>).</summary>
    public required string Version { get; init; }

    /// <summary>
    /// The journey's version (its number of stored events) when it was first folded with <see cref="Version"/>: events
    /// with a sequence number above it were decided under this version; a stage the journey holds at sequence
    /// <see cref="Since"/> that differs from what an earlier version gave it there came from the re-fold alone, not from an event.
    /// </summary>
    public required long Since { get; init; }
}
