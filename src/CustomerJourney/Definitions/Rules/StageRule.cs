using System.Globalization;

namespace CustomerJourney.Definitions.Rules;

/// <summary>
/// A rule about the order of stages every journey of a definition must keep, as data: stated in C# through the factory methods or in
/// the definition JSON's <c>rules</c> section, decided exactly on the stage graph by <see cref="StageRuleChecker"/>.
/// </summary>
public sealed record StageRule
{
    /// <summary>What the rule asks.</summary>
    public required StageRuleKind Kind { get; init; }

    /// <summary>
    /// The stage the rule is about (a super-stage stands for itself and every stage inside it); <see langword="null"/> (the default)
    /// for the kinds about no one stage.
    /// </summary>
    public string? Stage { get; init; }

    /// <summary>For <see cref="StageRuleKind.NeverBefore"/>: the stage that must come first; <see langword="null"/> (the default) otherwise.</summary>
    public string? Before { get; init; }

    /// <summary>For <see cref="StageRuleKind.AtMostPasses"/>: the largest number of entries allowed; <see langword="null"/> (the default) otherwise.</summary>
    public int? Passes { get; init; }

    /// <summary>
    /// For <see cref="StageRuleKind.EnteredOnlyVia"/>: the only channel whose touchpoints may enter the stage; <see langword="null"/> (the default) otherwise.
    /// </summary>
    public string? Channel { get; init; }

    /// <summary>For <see cref="StageRuleKind.LapseLeadsToWinBack"/>: the win-back touchpoint; <see langword="null"/> (the default) otherwise.</summary>
    public string? Touchpoint { get; init; }

    /// <summary>An optional name shown in reports instead of the generated description; <see langword="null"/> (the default) for none.</summary>
    public string? Name { get; init; }

    /// <summary>"Never <paramref name="stage"/> before <paramref name="before"/>".</summary>
    /// <param name="stage">The stage that must not come first.</param>
    /// <param name="before">The stage that must have been visited before.</param>
    /// <returns>The rule.</returns>
    public static StageRule NeverBefore(string stage, string before) => new() { Kind = StageRuleKind.NeverBefore, Stage = stage, Before = before };

    /// <summary>"<paramref name="stage"/> always leads to a goal".</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The rule.</returns>
    public static StageRule LeadsToGoal(string stage) => new() { Kind = StageRuleKind.LeadsToGoal, Stage = stage };

    /// <summary>"From every stage a goal stays reachable".</summary>
    /// <returns>The rule.</returns>
    public static StageRule GoalReachable() => new() { Kind = StageRuleKind.GoalReachable };

    /// <summary>"At most <paramref name="passes"/> passes through <paramref name="stage"/>".</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="passes">The largest number of entries allowed, 1 or more.</param>
    /// <returns>The rule.</returns>
    public static StageRule AtMostPasses(string stage, int passes) => new() { Kind = StageRuleKind.AtMostPasses, Stage = stage, Passes = passes };

    /// <summary>"Entering <paramref name="stage"/> only through touchpoints of channel <paramref name="channel"/>".</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="channel">The channel.</param>
    /// <returns>The rule.</returns>
    public static StageRule EnteredOnlyVia(string stage, string channel) => new() { Kind = StageRuleKind.EnteredOnlyVia, Stage = stage, Channel = channel };

    /// <summary>"A lapse is always followed by the stage <paramref name="touchpoint"/> leads to".</summary>
    /// <param name="touchpoint">The win-back touchpoint.</param>
    /// <returns>The rule.</returns>
    public static StageRule LapseLeadsToWinBack(string touchpoint) => new() { Kind = StageRuleKind.LapseLeadsToWinBack, Touchpoint = touchpoint };

    /// <summary>The rule in words: its <see cref="Name"/> when given, otherwise generated from its kind and parameters.</summary>
    /// <returns>The description.</returns>
    public string Describe() => Name ?? Kind switch
    {
        StageRuleKind.NeverBefore => $"never '{Stage}' before '{Before}'",
        StageRuleKind.LeadsToGoal => $"'{Stage}' always leads to a goal",
        StageRuleKind.GoalReachable => "from every stage a goal stays reachable",
        StageRuleKind.AtMostPasses => string.Create(CultureInfo.InvariantCulture, $"at most {Passes} passes through '{Stage}'"),
        StageRuleKind.EnteredOnlyVia => $"'{Stage}' is entered only through touchpoints of channel '{Channel}'",
        StageRuleKind.LapseLeadsToWinBack => $"a lapse is always followed by the stage '{Touchpoint}' leads to",
        _ => Kind.ToString(),
    };

    /// <inheritdoc />
    public override string ToString() => Describe();
}
