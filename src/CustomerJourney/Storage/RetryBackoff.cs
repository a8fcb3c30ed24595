namespace CustomerJourney.Storage;

/// <summary>
/// The back-off between retries of an operation that lost a race (an append conflict, a serialization failure):
/// exponential, randomised ("full jitter") so that contending writers stop colliding, and capped.
/// </summary>
public static class RetryBackoff
{
    /// <summary>The wait before retry <paramref name="attempt"/>: a random time in [0, min(cap, 1 ms × 2^(attempt - 1))).</summary>
    /// <param name="attempt">The attempt about to be made: 2 for the first retry. Values below 2 wait nothing.</param>
    /// <param name="cap">The longest wait.</param>
    /// <returns>The wait.</returns>
    public static TimeSpan Delay(int attempt, TimeSpan cap)
    {
        if (attempt < 2 || cap <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var ceiling = Math.Min(cap.TotalMilliseconds, Math.Pow(2, Math.Min(attempt - 1, 30)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}
