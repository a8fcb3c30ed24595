namespace CustomerJourney.Internal;

/// <summary>A clock that always reads the same time: "now" for journeys computed as of a time.</summary>
/// <param name="now">The time it reads.</param>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => now;
}
