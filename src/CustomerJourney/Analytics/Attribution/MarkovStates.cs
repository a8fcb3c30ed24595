namespace CustomerJourney.Analytics.Attribution;

/// <summary>How an order-k Markov chain forms its channel states from a path (see <c>docs/analytics.md</c>).</summary>
public enum MarkovStates
{
    /// <summary>
    /// ChannelAttribution's construction: the states are the sliding windows of k consecutive raw touches (the whole path
    /// when it is shorter than k), consecutive identical windows collapsed into one. At order 1 this collapses repeated
    /// channels. The default.
    /// </summary>
    SlidingWindows,

    /// <summary>
    /// Repeated channels are collapsed first, then the state after the i-th touch is the last min(i, k) channels: states
    /// grow from length 1 up to k along each path.
    /// </summary>
    GrowingHistory,
}
