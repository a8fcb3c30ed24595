using CustomerJourney.Definitions.Rules;
using CustomerJourney.Tracking;

namespace CustomerJourney.Testing;

/// <summary>A tracked journey that breaks a stage rule.</summary>
public sealed record RuleBreach
{
    /// <summary>The rule.</summary>
    public required StageRule Rule { get; init; }

    /// <summary>The customer whose journey breaks it.</summary>
    public required string CustomerId { get; init; }

    /// <summary>Why.</summary>
    public required string Reason { get; init; }

    /// <summary>The journey's visits.</summary>
    public required IReadOnlyList<JourneyVisit> Visits { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Rule.Describe()}: customer '{CustomerId}' {Reason}; stages: {string.Join(" → ", Visits.Select(v => v.Stage))}";
}
