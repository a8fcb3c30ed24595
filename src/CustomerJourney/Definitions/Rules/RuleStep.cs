namespace CustomerJourney.Definitions.Rules;

/// <summary>One step of a <see cref="RuleCounterexample"/>: a touch, or a lapse after a time without touches.</summary>
/// <param name="Touchpoint">The touchpoint touched, or <see langword="null"/> for a lapse.</param>
/// <param name="InactiveFor">For a lapse: how long after the last touch it happens (the inactivity rule's duration).</param>
/// <param name="Stage">The stage the customer is in after the step.</param>
/// <param name="EnteredStage">Whether the step entered <see cref="Stage"/> (a transition, a re-entry or a lapse), as opposed to staying.</param>
/// <param name="Guarded">Whether the step needs a guarded transition to go this way.</param>
public sealed record RuleStep(string? Touchpoint, TimeSpan? InactiveFor, string Stage, bool EnteredStage, bool Guarded)
{
    /// <summary>Whether the step is a lapse rather than a touch.</summary>
    public bool IsLapse => Touchpoint is null;

    /// <inheritdoc />
    public override string ToString() =>
        (IsLapse ? $"(inactive {Format(InactiveFor ?? TimeSpan.Zero)})" : Touchpoint!) + (EnteredStage ? $" → {Stage}" : $" (stays in {Stage})") + (Guarded ? " [guarded]" : string.Empty);

    private static string Format(TimeSpan span) =>
        span.TotalDays >= 1 && span == TimeSpan.FromDays(Math.Round(span.TotalDays)) ? $"{span.TotalDays:0}d" : span.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
}
