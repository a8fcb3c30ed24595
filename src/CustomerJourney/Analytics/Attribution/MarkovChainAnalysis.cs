namespace CustomerJourney.Analytics.Attribution;

/// <summary>The exact absorbing Markov chain of path data: its conversion probability and each channel's removal effect.</summary>
public sealed class MarkovChainAnalysis
{
    internal MarkovChainAnalysis(int order, int stateCount, double conversionProbability, IReadOnlyDictionary<string, double> removalEffects)
    {
        Order = order;
        StateCount = stateCount;
        ConversionProbability = conversionProbability;
        RemovalEffects = removalEffects;
    }

    /// <summary>The order k: a state holds (up to) k channels.</summary>
    public int Order { get; }

    /// <summary>The transient channel states (tuples of up to k channels), not counting start, conversion and null.</summary>
    public int StateCount { get; }

    /// <summary>The probability of being absorbed in conversion from the start state.</summary>
    public double ConversionProbability { get; }

    /// <summary>
    /// Per channel of the data, 1 - P(conversion with the channel removed) / P(conversion); removing a channel sends
    /// every transition into a state containing it to null. Zero for a channel never visited; 0 when nothing converts.
    /// </summary>
    public IReadOnlyDictionary<string, double> RemovalEffects { get; }
}
