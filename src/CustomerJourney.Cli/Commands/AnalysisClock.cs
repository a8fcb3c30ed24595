namespace CustomerJourney.Cli.Commands;

/// <summary>
/// The analytics commands run "as of" the latest event. That time is held to at most <see cref="Latest"/>, so that the
/// tracker's plausibility check (now plus the allowed clock skew) and the durations added to it stay representable; an
/// event after it is rejected with a warning like any event from the future.
/// </summary>
internal static class AnalysisClock
{
    /// <summary>The latest "now" the analytics accept: 200 years before the end of <see cref="DateTimeOffset"/> (the end of 9799).</summary>
    public static readonly DateTimeOffset Latest = DateTimeOffset.MaxValue.AddYears(-200);

    /// <summary>The longest <c>--window-days</c> accepted: 100 years.</summary>
    public const double MaxWindowDays = 36_500;

    public static DateTimeOffset Clamp(DateTimeOffset now) => now > Latest ? Latest : now;
}
