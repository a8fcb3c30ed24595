using CustomerJourney.Analytics.Attribution;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static CustomerJourney.Tests.Analytics.Attribution.PathDatasetGenerators;

namespace CustomerJourney.Tests.Analytics.Attribution;

public sealed class AttributionPropertyTests
{
    private static readonly AttributionModel[] Heuristics =
        [AttributionModel.FirstTouch, AttributionModel.LastTouch, AttributionModel.Linear, AttributionModel.TimeDecay, AttributionModel.PositionBased];

    [Property(MaxTest = 200)]
    public Property Compute_AnyModel_SumsToTotalConversionsAndValue() =>
        Prop.ForAll(Paths, paths =>
        {
            var data = PathDataset.Create(paths);
            return AllModels().All(options =>
            {
                var result = AttributionEngine.Compute(data, options);
                return Close(result.Channels.Sum(c => c.Conversions), data.TotalConversions)
                    && Close(result.Channels.Sum(c => c.Value), data.TotalValue)
                    && result.TotalConversions == data.TotalConversions
                    && result.Channels.Count == data.Channels.Count;
            });
        });

    [Property(MaxTest = 200)]
    public Property Compute_AnyModel_CreditsAreNonNegative() =>
        Prop.ForAll(Paths, paths =>
        {
            var data = PathDataset.Create(paths);
            return AllModels().All(options => AttributionEngine.Compute(data, options).Channels.All(c => c.Conversions >= 0 && c.Value >= 0));
        });

    [Property(MaxTest = 200)]
    public Property Compute_HeuristicModels_ChannelInNoConvertingPathGetsZero() =>
        Prop.ForAll(Paths, paths =>
        {
            var data = PathDataset.Create(paths, ["unused"]);
            var converting = paths.Where(p => p.Conversions > 0 || p.Value > 0).SelectMany(p => p.Channels).ToHashSet(StringComparer.Ordinal);
            return Heuristics.All(model => AttributionEngine.Compute(data, model).Channels
                .Where(c => !converting.Contains(c.Channel))
                .All(c => c.Conversions == 0 && c.Value == 0));
        });

    [Property(MaxTest = 200)]
    public Property AnalyzeMarkovChain_UnvisitedChannel_HasZeroRemovalEffect() =>
        Prop.ForAll(Paths, paths =>
        {
            var data = PathDataset.Create(paths, ["never"]);
            return Enumerable.Range(1, AttributionOptions.MaxMarkovOrder).All(order =>
            {
                var analysis = AttributionEngine.AnalyzeMarkovChain(data, order);
                return analysis.RemovalEffects["never"] == 0
                    && AttributionEngine.Compute(data, new AttributionOptions { MarkovOrder = order }).GetCredit("never").Conversions == 0;
            });
        });

    [Property(MaxTest = 200)]
    public Property AnalyzeMarkovChain_AnyData_ConversionProbabilityIsConversionShare() =>
        Prop.ForAll(Paths, paths =>
        {
            // Every journey is absorbed exactly once, so P(conversion) from start is conversions / journeys.
            var data = PathDataset.Create(paths);
            var journeys = data.TotalConversions + data.TotalNulls;
            var expected = journeys == 0 ? 0 : data.TotalConversions / journeys;
            return Enumerable.Range(1, 4).All(order => Close(AttributionEngine.AnalyzeMarkovChain(data, order).ConversionProbability, expected));
        });

    [Property(MaxTest = 150)]
    public Property Compute_PermutedRows_GiveSameCredits() =>
        Prop.ForAll(PathsWithSeed, input =>
        {
            var shuffled = input.Paths.ToArray();
            new Random(input.Seed).Shuffle(shuffled);
            var original = PathDataset.Create(input.Paths);
            var permuted = PathDataset.Create(shuffled);
            return AllModels().All(options =>
            {
                var a = AttributionEngine.Compute(original, options);
                var b = AttributionEngine.Compute(permuted, options);
                return a.Channels.All(c => Close(b.GetCredit(c.Channel).Conversions, c.Conversions) && Close(b.GetCredit(c.Channel).Value, c.Value));
            });
        });

    [Property(MaxTest = 100)]
    public Property Compute_Shapley_EqualsShapleyFormulaOverAllCoalitions() =>
        Prop.ForAll(Paths, paths =>
        {
            // Brute force: phi_i = sum over S not containing i of |S|! (n-|S|-1)! / n! (v(S + i) - v(S)),
            // v(S) = conversions of the paths whose channel set is a subset of S.
            var data = PathDataset.Create(paths);
            var channels = data.Channels;
            var n = channels.Count;
            var sets = paths.Select(p => (Mask: p.Channels.Aggregate(0, (m, c) => m | (1 << IndexOf(channels, c))), p.Conversions)).ToArray();
            double V(int s) => sets.Where(p => (p.Mask & ~s) == 0).Sum(p => p.Conversions);
            var result = AttributionEngine.Compute(data, AttributionModel.Shapley);
            for (var i = 0; i < n; i++)
            {
                var phi = 0.0;
                for (var s = 0; s < 1 << n; s++)
                {
                    if ((s & (1 << i)) == 0)
                    {
                        var size = System.Numerics.BitOperations.PopCount((uint)s);
                        phi += Factorial(size) * Factorial(n - size - 1) / Factorial(n) * (V(s | (1 << i)) - V(s));
                    }
                }

                if (!Close(result.GetCredit(channels[i]).Conversions, phi))
                {
                    return false;
                }
            }

            return true;
        });

    private static int IndexOf(IReadOnlyList<string> channels, string channel) => channels.ToList().IndexOf(channel);

    private static double Factorial(int k) => k <= 1 ? 1 : k * Factorial(k - 1);
}
