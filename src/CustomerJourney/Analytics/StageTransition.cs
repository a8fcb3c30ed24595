namespace CustomerJourney.Analytics;

/// <summary>An observed transition between stages and its empirical probability.</summary>
/// <param name="From">The stage left.</param>
/// <param name="To">The stage entered next (may equal <paramref name="From"/> on a re-entry).</param>
/// <param name="Count">How many times it was observed.</param>
/// <param name="Probability">Count / all transitions observed out of <paramref name="From"/>.</param>
public sealed record StageTransition(string From, string To, long Count, double Probability);
