namespace CustomerJourney.Definitions.Rules;

/// <summary>
/// The shortest way to break a rule: the touches (and lapses) of one customer, from a new journey. For a rule about what must
/// eventually happen (<see cref="StageRuleKind.LeadsToGoal"/>) it may end in a loop: the steps from <see cref="LoopStart"/> on can repeat forever.
/// </summary>
/// <param name="StartStage">The stage the journey starts in (entered on the first touch).</param>
/// <param name="Steps">The steps, in order.</param>
/// <param name="LoopStart">The index of the first step of the loop that repeats forever, or <see langword="null"/> when the counterexample is finite.</param>
/// <param name="Explanation">Why the path breaks the rule.</param>
public sealed record RuleCounterexample(string StartStage, IReadOnlyList<RuleStep> Steps, int? LoopStart, string Explanation)
{
    /// <summary>Whether any step needs a guarded transition to go this way.</summary>
    public bool DependsOnGuards => Steps.Any(s => s.Guarded);

    /// <summary>The touchpoints touched, in order (lapses left out).</summary>
    public IReadOnlyList<string> Touchpoints => Steps.Where(s => !s.IsLapse).Select(s => s.Touchpoint!).ToArray();

    /// <summary>The path in one line, e.g. <c>start awareness: search-ad → consideration, competitor-click → awareness</c>.</summary>
    /// <returns>The path.</returns>
    public override string ToString()
    {
        var steps = Steps.Select((s, i) => (LoopStart == i ? "loop { " : string.Empty) + s).ToList();
        return $"start {StartStage}: {string.Join(", ", steps)}{(LoopStart is null ? string.Empty : " } repeats")} — {Explanation}";
    }
}
