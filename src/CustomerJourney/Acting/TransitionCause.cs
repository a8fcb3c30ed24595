namespace CustomerJourney.Acting;

/// <summary>What moved a customer into the stage a <see cref="JourneyTransition"/> reports.</summary>
public enum TransitionCause : byte
{
    /// <summary>A touch: the journey's first touch (entering the start stage or moving on from it) or a later one.</summary>
    Touch = 0,

    /// <summary>An inactivity rule: the customer had no touch for the rule's time and lapsed.</summary>
    Inactivity = 1,
}
