using CustomerJourney.Definitions.Rules;
using CustomerJourney.Tracking;

namespace CustomerJourney.Testing;

/// <summary>A tracked journey that breaks a stage rule.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="CustomerId">The customer whose journey breaks it.</param>
/// <param name="Reason">Why.</param>
/// <param name="Visits">The journey's visits.</param>
public sealed record RuleBreach(StageRule Rule, string CustomerId, string Reason, IReadOnlyList<JourneyVisit> Visits)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Rule.Describe()}: customer '{CustomerId}' {Reason}; stages: {string.Join(" → ", Visits.Select(v => v.Stage))}";
}
