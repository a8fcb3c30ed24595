using System.Globalization;
using CustomerJourney.Internal;

namespace CustomerJourney.Analytics.Attribution;

/// <summary>
/// Attributes the conversions and conversion value of path data to channels. The data defines what a conversion
/// is, so the same call answers "what brought purchases" and "what brought customers into Consideration".
/// </summary>
public static class AttributionEngine
{
    /// <summary>The most channels <see cref="AttributionModel.Shapley"/> accepts.</summary>
    public const int MaxShapleyChannels = ShapleyAttribution.MaxChannels;

    /// <summary>Runs one model.</summary>
    /// <param name="dataset">The paths.</param>
    /// <param name="model">The model, with default options.</param>
    /// <returns>Every channel's credit.</returns>
    /// <exception cref="TooManyChannelsException">Shapley over more than <see cref="MaxShapleyChannels"/> channels.</exception>
    public static AttributionResult Compute(PathDataset dataset, AttributionModel model) => Compute(dataset, new AttributionOptions { Model = model });

    /// <summary>Runs the model of <paramref name="options"/>.</summary>
    /// <param name="dataset">The paths.</param>
    /// <param name="options">The model and its parameters; the defaults (first-order Markov) when null.</param>
    /// <returns>Every channel's credit.</returns>
    /// <exception cref="ArgumentException">The options are invalid (<see cref="AttributionOptions.Validate"/>; the message names every problem).</exception>
    /// <exception cref="OverflowException">The data's conversions or nulls add up to more than a double holds.</exception>
    /// <exception cref="TooManyChannelsException">Shapley over more than <see cref="MaxShapleyChannels"/> channels.</exception>
    public static AttributionResult Compute(PathDataset dataset, AttributionOptions? options = null)
    {
        Guard.NotNull(dataset);
        options = options is null ? new AttributionOptions() : options.Checked(nameof(options));
        CheckTotals(dataset);
        var conversions = new double[dataset.ChannelCount];
        var values = new double[dataset.ChannelCount];
        switch (options.Model)
        {
            case AttributionModel.Markov:
                var (_, effects) = MarkovChain.Build(dataset, options.MarkovOrder, options.MarkovStates).RemovalEffects();
                var sum = 0.0;
                foreach (var effect in effects)
                {
                    sum += effect;
                }

                if (sum > 0)
                {
                    for (var c = 0; c < effects.Length; c++)
                    {
                        conversions[c] = dataset.TotalConversions * effects[c] / sum;
                        values[c] = dataset.TotalValueAsDouble * effects[c] / sum;
                    }
                }

                break;
            case AttributionModel.Shapley:
                ShapleyAttribution.Compute(dataset, conversions, values);
                break;
            default:
                HeuristicAttribution.Compute(dataset, options, conversions, values);
                break;
        }

        return AttributionResult.From(options.Model, dataset, conversions, values);
    }

    /// <summary>Builds and solves the order-k Markov chain of the data: its conversion probability and removal effects.</summary>
    /// <param name="dataset">The paths.</param>
    /// <param name="order">The order k, 1 to <see cref="AttributionOptions.MaxMarkovOrder"/>.</param>
    /// <param name="states">How states are formed; ChannelAttribution's sliding windows by default.</param>
    /// <returns>The analysis.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The order is not 1 to 4, or the state construction is unknown.</exception>
    /// <exception cref="OverflowException">The data's conversions or nulls add up to more than a double holds.</exception>
    public static MarkovChainAnalysis AnalyzeMarkovChain(PathDataset dataset, int order = 1, MarkovStates states = MarkovStates.SlidingWindows)
    {
        Guard.NotNull(dataset);
        if (order is < 1 or > AttributionOptions.MaxMarkovOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"The Markov order must be 1 to {AttributionOptions.MaxMarkovOrder}.");
        }

        if (!Enum.IsDefined(states))
        {
            throw new ArgumentOutOfRangeException(nameof(states), states, "Unknown Markov state construction.");
        }

        CheckTotals(dataset);
        var chain = MarkovChain.Build(dataset, order, states);
        var (probability, effects) = chain.RemovalEffects();
        var byChannel = new Dictionary<string, double>(dataset.ChannelCount, StringComparer.Ordinal);
        for (var c = 0; c < effects.Length; c++)
        {
            byChannel[dataset.Channels[c]] = effects[c];
        }

        return new MarkovChainAnalysis(order, chain.StateCount - 1, probability, byChannel);
    }

    private static void CheckTotals(PathDataset dataset)
    {
        if (!double.IsFinite(dataset.TotalConversions + dataset.TotalNulls))
        {
            throw new OverflowException(string.Create(
                CultureInfo.InvariantCulture,
                $"The paths' totals overflow (conversions {dataset.TotalConversions:G3}, nulls {dataset.TotalNulls:G3}); scale the counts down."));
        }
    }
}
