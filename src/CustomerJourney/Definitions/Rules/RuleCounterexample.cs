namespace CustomerJourney.Definitions.Rules;

/// <summary>
/// The shortest way to break a rule: the touches (and lapses) of one customer, from a new journey. For a rule about what must
/// eventually happen (<see cref="StageRuleKind.LeadsToGoal"/>) it may end in a loop: the steps from <see cref="LoopStart"/> on can repeat forever.
/// </summary>
public sealed record RuleCounterexample
{
    /// <summary>The stage the journey starts in (entered on the first touch).</summary>
    public required string StartStage { get; init; }

    /// <summary>The steps, in order.</summary>
    public required IReadOnlyList<RuleStep> Steps { get; init; }

    /// <summary>
    /// The index of the first step of the loop that repeats forever, or <see langword="null"/> (the default) when the counterexample is finite.
    /// </summary>
    public int? LoopStart { get; init; }

    /// <summary>Why the path breaks the rule.</summary>
    public required string Explanation { get; init; }

    /// <summary>Whether any step needs a guarded transition to go this way.</summary>
    public bool DependsOnGuards => Steps.Any(s => s.Guarded);

    /// <summary>The touchpoints touched, in order (lapses left out); a new list on every call.</summary>
    /// <returns>The touchpoints.</returns>
    public IReadOnlyList<string> GetTouchpoints() => Steps.Where(s => !s.IsLapse).Select(s => s.Touchpoint!).ToArray();

    /// <summary>The path in one line, e.g. <c>start awareness: search-ad → consideration, competitor-click → awareness</c>.</summary>
    /// <returns>The path.</returns>
    public override string ToString()
    {
        var steps = Steps.Select((s, i) => (LoopStart == i ? "loop { " : string.Empty) + s).ToList();
        return $"start {StartStage}: {string.Join(", ", steps)}{(LoopStart is null ? string.Empty : " } repeats")} — {Explanation}";
    }
}
