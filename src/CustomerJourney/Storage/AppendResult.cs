namespace CustomerJourney.Storage;

/// <summary>Whether an append was written.</summary>
public enum AppendStatus
{
    /// <summary>The events were written (those not already stored); the version moved on by their number.</summary>
    Appended = 0,

    /// <summary>The journey's version was not the expected one: nothing was written. Reload and retry.</summary>
    Conflict = 1,
}

/// <summary>The result of <see cref="IJourneyStore.AppendAsync"/>.</summary>
public readonly record struct AppendResult
{
    /// <summary>Whether the events were written.</summary>
    public required AppendStatus Status { get; init; }

    /// <summary>The journey's version after the append (or its actual version on conflict).</summary>
    public required long Version { get; init; }

    /// <summary>How many events were written; 0 by default.</summary>
    public int Appended { get; init; }

    /// <summary>The ids of events skipped because the journey already held them; <see langword="null"/> (the default) when none.</summary>
    public IReadOnlyList<string>? Duplicates { get; init; }
}
