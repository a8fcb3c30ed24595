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
/// <param name="Status">Whether the events were written.</param>
/// <param name="Version">The journey's version after the append (or its actual version on conflict).</param>
/// <param name="Appended">How many events were written.</param>
/// <param name="Duplicates">The ids of events skipped because the journey already held them; <see langword="null"/> when none.</param>
public readonly record struct AppendResult(AppendStatus Status, long Version, int Appended, IReadOnlyList<string>? Duplicates = null);
