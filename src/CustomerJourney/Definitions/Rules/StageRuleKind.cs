namespace CustomerJourney.Definitions.Rules;

/// <summary>What a <see cref="StageRule"/> asks of every journey of a definition.</summary>
public enum StageRuleKind
{
    /// <summary>Never <see cref="StageRule.Stage"/> before <see cref="StageRule.Before"/>: entering the stage requires having been in the other one first.</summary>
    NeverBefore = 0,

    /// <summary>
    /// <see cref="StageRule.Stage"/> always leads to a goal: after entering the stage, no way through the graph reaches a stage from which
    /// no goal can be reached, and no loop of stage entries avoids the goals.
    /// </summary>
    LeadsToGoal = 1,

    /// <summary>From every stage a customer can reach, a goal stays reachable.</summary>
    GoalReachable = 2,

    /// <summary>At most <see cref="StageRule.Passes"/> entries into <see cref="StageRule.Stage"/> (re-entries and loops count again).</summary>
    AtMostPasses = 3,

    /// <summary>
    /// <see cref="StageRule.Stage"/> is entered only through touchpoints of channel <see cref="StageRule.Channel"/>: not as the start stage,
    /// not by inactivity, not by a touchpoint declared with another channel.
    /// </summary>
    EnteredOnlyVia = 4,

    /// <summary>
    /// A lapse (a move by an inactivity rule) is always followed by the stage the win-back touchpoint <see cref="StageRule.Touchpoint"/>
    /// leads to from the lapsed stage: the next stage entered after a lapse, if any, is that one.
    /// </summary>
    LapseLeadsToWinBack = 5,
}
