namespace CustomerJourney.Analytics.Attribution;

/// <summary>A model cannot attribute over this many channels exactly (the Shapley model's limit).</summary>
public sealed class TooManyChannelsException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="channelCount">The number of channels in the data.</param>
    /// <param name="limit">The most channels the model accepts.</param>
    /// <param name="paramName">The argument holding the data.</param>
    public TooManyChannelsException(int channelCount, int limit, string? paramName = null)
        : base($"The data has {channelCount} channels, {channelCount - limit} more than the limit of {limit} for exact Shapley attribution; group channels or use the Markov model.", paramName)
    {
        ChannelCount = channelCount;
        Limit = limit;
    }

    /// <summary>The number of channels in the data.</summary>
    public int ChannelCount { get; }

    /// <summary>The most channels the model accepts.</summary>
    public int Limit { get; }
}
