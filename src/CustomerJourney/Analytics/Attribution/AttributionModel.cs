namespace CustomerJourney.Analytics.Attribution;

/// <summary>The attribution models (see <c>docs/analytics.md</c> for each formula).</summary>
public enum AttributionModel
{
    /// <summary>All credit to the first touch.</summary>
    FirstTouch,

    /// <summary>All credit to the last touch.</summary>
    LastTouch,

    /// <summary>Equal credit to every touch.</summary>
    Linear,

    /// <summary>Credit halving every half-life back from the conversion (touches, or real time when known).</summary>
    TimeDecay,

    /// <summary>U-shaped: first and last touch weighted (default 40/20/40), the middle touches share the rest.</summary>
    PositionBased,

    /// <summary>Removal effects of an order-k Markov chain, solved exactly.</summary>
    Markov,

    /// <summary>Shapley values of the game where a coalition is worth the conversions of the paths it covers.</summary>
    Shapley,
}
