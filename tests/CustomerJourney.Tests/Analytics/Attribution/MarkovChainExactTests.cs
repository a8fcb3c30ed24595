using CustomerJourney.Analytics.Attribution;

namespace CustomerJourney.Tests.Analytics.Attribution;

public sealed class MarkovChainExactTests
{
    // Three paths over channels A and B:
    //   A > B   1 conversion, 0 nulls
    //   A       0 conversions, 1 null
    //   B > B   1 conversion, 1 null     (collapsed to B)
    private static PathDataset TwoChannels() => PathDataset.Create(
    [
        new ChannelPath(["A", "B"], conversions: 1, value: 10, nulls: 0),
        new ChannelPath(["A"], conversions: 0, value: 0, nulls: 1),
        new ChannelPath(["B", "B"], conversions: 1, value: 30, nulls: 1),
    ]);

    [Fact]
    public void AnalyzeMarkovChain_OrderOne_MatchesHandSolvedChain()
    {
        // Transition counts (each path counts its journeys = conversions + nulls on every step):
        //   start -> A: 1 + 1 = 2, start -> B: 2                 => 1/2, 1/2
        //   A -> B: 1, A -> null: 1                              => 1/2, 1/2
        //   B -> conv: 1 + 1 = 2, B -> null: 1                   => 2/3, 1/3
        // Absorption into conversion: h(B) = 2/3, h(A) = 1/2 h(B) = 1/3,
        //   P = h(start) = 1/2 h(A) + 1/2 h(B) = 1/6 + 1/3 = 1/2.
        // Remove A (A -> null): P = 1/2 * 0 + 1/2 * 2/3 = 1/3, RE(A) = 1 - (1/3)/(1/2) = 1/3.
        // Remove B: h(B) = 0, so h(A) = 0 and P = 0, RE(B) = 1.
        // Shares: A = (1/3)/(4/3) = 1/4, B = 3/4 of 2 conversions and of value 40.
        var data = TwoChannels();

        var analysis = AttributionEngine.AnalyzeMarkovChain(data, order: 1);
        var result = AttributionEngine.Compute(data, new AttributionOptions { Model = AttributionModel.Markov, MarkovOrder = 1 });

        Assert.Equal(2, analysis.StateCount);
        Assert.Equal(0.5, analysis.ConversionProbability, 12);
        Assert.Equal(1.0 / 3, analysis.RemovalEffects["A"], 12);
        Assert.Equal(1.0, analysis.RemovalEffects["B"], 12);
        Assert.Equal(0.5, result.GetCredit("A").Conversions, 12);
        Assert.Equal(1.5, result.GetCredit("B").Conversions, 12);
        Assert.Equal(10, result.GetCredit("A").Value, 12);
        Assert.Equal(30, result.GetCredit("B").Value, 12);
        Assert.Equal("B", result.Channels[0].Channel);
    }

    [Fact]
    public void AnalyzeMarkovChain_OrderTwoGrowingHistory_MatchesHandSolvedChain()
    {
        // The growing-history construction. States: (A), (B), (A,B). Counts:
        //   start -> (A): 2, start -> (B): 2                     => 1/2, 1/2
        //   (A) -> (A,B): 1, (A) -> null: 1                      => 1/2, 1/2
        //   (A,B) -> conv: 1                                     => 1
        //   (B) -> conv: 1, (B) -> null: 1                       => 1/2, 1/2
        // h(A,B) = 1, h(A) = 1/2, h(B) = 1/2, P = 1/2 * 1/2 + 1/2 * 1/2 = 1/2.
        // Remove A: (A) and (A,B) go to null: P = 1/2 * 1/2 = 1/4, RE(A) = 1 - (1/4)/(1/2) = 1/2.
        // Remove B: (B) and (A,B) go to null: h(A) = 0, P = 0, RE(B) = 1.
        // Shares: A = (1/2)/(3/2) = 1/3, B = 2/3 of 2 conversions.
        var data = TwoChannels();

        var analysis = AttributionEngine.AnalyzeMarkovChain(data, order: 2, MarkovStates.GrowingHistory);
        var result = AttributionEngine.Compute(data, new AttributionOptions { Model = AttributionModel.Markov, MarkovOrder = 2, MarkovStates = MarkovStates.GrowingHistory });

        Assert.Equal(3, analysis.StateCount);
        Assert.Equal(0.5, analysis.ConversionProbability, 12);
        Assert.Equal(0.5, analysis.RemovalEffects["A"], 12);
        Assert.Equal(1.0, analysis.RemovalEffects["B"], 12);
        Assert.Equal(2.0 / 3, result.GetCredit("A").Conversions, 12);
        Assert.Equal(4.0 / 3, result.GetCredit("B").Conversions, 12);
    }

    [Fact]
    public void AnalyzeMarkovChain_LoopingChain_SolvesCycleExactly()
    {
        // A > B > A (collapsed) with 1 conversion and 1 null, and B alone with 1 null. Order 1:
        //   start -> A: 2, start -> B: 1                         => 2/3, 1/3
        //   A -> B: 2, A -> conv: 1, A -> null: 1                => 1/2, 1/4, 1/4
        //   B -> A: 2, B -> null: 1                              => 2/3, 1/3
        // h(A) = 1/4 + 1/2 h(B), h(B) = 2/3 h(A)  =>  h(A) = 1/4 + 1/3 h(A)  =>  h(A) = 3/8, h(B) = 1/4.
        // P = 2/3 * 3/8 + 1/3 * 1/4 = 1/4 + 1/12 = 1/3 (= 1 conversion / 3 journeys).
        // Remove B: h(A) = 1/4, P = 2/3 * 1/4 = 1/6, RE(B) = 1/2. Remove A: P = 0, RE(A) = 1.
        var data = PathDataset.Create(
        [
            new ChannelPath(["A", "B", "A"], conversions: 1, nulls: 1),
            new ChannelPath(["B"], conversions: 0, nulls: 1),
        ]);

        var analysis = AttributionEngine.AnalyzeMarkovChain(data, order: 1);

        Assert.Equal(1.0 / 3, analysis.ConversionProbability, 12);
        Assert.Equal(1.0, analysis.RemovalEffects["A"], 12);
        Assert.Equal(0.5, analysis.RemovalEffects["B"], 12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void AnalyzeMarkovChain_OrderOutOfRange_Throws(int order)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AttributionEngine.AnalyzeMarkovChain(TwoChannels(), order));
    }

    [Fact]
    public void AnalyzeMarkovChain_NoConversions_GivesZeroEverywhere()
    {
        var data = PathDataset.Create([new ChannelPath(["A", "B"], conversions: 0, nulls: 3)]);

        var analysis = AttributionEngine.AnalyzeMarkovChain(data, 2);
        var result = AttributionEngine.Compute(data, AttributionModel.Markov);

        Assert.Equal(0, analysis.ConversionProbability);
        Assert.All(analysis.RemovalEffects.Values, re => Assert.Equal(0, re));
        Assert.All(result.Channels, c => Assert.Equal(0, c.Conversions));
    }
}
