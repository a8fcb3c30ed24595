namespace CustomerJourney.Definitions.Rules;

/// <summary>One step of a <see cref="RuleCounterexample"/>: a touch, or a lapse after a time without touches.</summary>
public sealed record RuleStep
{
    /// <summary>The touchpoint touched, or <see langword="null"/> (the default) for a lapse.</summary>
    public string? Touchpoint { get; init; }

    /// <summary>For a lapse: how long after the last touch it happens (the inactivity rule's duration); <see langword="null"/> (the default) for a touch.</summary>
    public TimeSpan? InactiveFor { get; init; }

    /// <summary>The stage the customer is in after the step.</summary>
    public required string Stage { get; init; }

    /// <summary>
    /// Whether the step entered <see cref="Stage"/> (a transition, a re-entry or a lapse), as opposed to staying; defaults to <see langword="false"/>.
    /// </summary>
    public bool EnteredStage { get; init; }

    /// <summary>Whether the step needs a guarded transition to go this way; defaults to <see langword="false"/>.</summary>
    public bool Guarded { get; init; }

    /// <summary>Whether the step is a lapse rather than a touch.</summary>
    public bool IsLapse => Touchpoint is null;

    /// <inheritdoc />
    public override string ToString() =>
        (IsLapse ? $"(inactive {Format(InactiveFor ?? TimeSpan.Zero)})" : Touchpoint!) + (EnteredStage ? $" → {Stage}" : $" (stays in {Stage})") + (Guarded ? " [guarded]" : string.Empty);

    private static string Format(TimeSpan span) =>
        span.TotalDays >= 1 && span == TimeSpan.FromDays(Math.Round(span.TotalDays)) ? $"{span.TotalDays:0}d" : span.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
}
