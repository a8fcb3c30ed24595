namespace CustomerJourney.Testing;

/// <summary>A clock that moves only when told to: <see cref="Advance"/> or <see cref="Set"/>. Timers are not supported.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now;

    /// <summary>Creates a clock at <paramref name="start"/> (1 January 2025, UTC, by default).</summary>
    /// <param name="start">The time to start at.</param>
    public TestClock(DateTimeOffset? start = null)
    {
        _now = start ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Moves the clock forward.</summary>
    /// <param name="by">How far; not negative.</param>
    /// <returns>The new time.</returns>
    public DateTimeOffset Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        _now += by;
        return _now;
    }

    /// <summary>Sets the clock; it never goes back.</summary>
    /// <param name="now">The new time; ignored when earlier than the current one.</param>
    /// <returns>The clock's time after the call.</returns>
    public DateTimeOffset Set(DateTimeOffset now)
    {
        if (now > _now)
        {
            _now = now;
        }

        return _now;
    }
}
