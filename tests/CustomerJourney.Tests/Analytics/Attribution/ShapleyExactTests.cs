using CustomerJourney.Analytics.Attribution;

namespace CustomerJourney.Tests.Analytics.Attribution;

public sealed class ShapleyExactTests
{
    [Fact]
    public void Compute_ShapleyTwoChannels_MatchesHandSolvedGame()
    {
        // v({}) = 0, v({A}) = 2 (path A), v({B}) = 1 (path B), v({A,B}) = 2 + 1 + 3 = 6.
        // phi(A) = 1/2 (v(A) - v({})) + 1/2 (v(AB) - v(B)) = 1/2 * 2 + 1/2 * 5 = 3.5
        // phi(B) = 1/2 (v(B) - v({})) + 1/2 (v(AB) - v(A)) = 1/2 * 1 + 1/2 * 4 = 2.5
        // Value the same way: w(A) = 20, w(B) = 10, w(AB) = 60: phi(A) = 10 + 25 = 35, phi(B) = 5 + 20 = 25.
        var data = PathDataset.Create(
        [
            new ChannelPath(["A"], 2, 20),
            new ChannelPath(["B", "B"], 1, 10),
            new ChannelPath(["A", "B", "A"], 3, 30, nulls: 7),
        ]);

        var result = AttributionEngine.Compute(data, AttributionModel.Shapley);

        Assert.Equal(3.5, result.GetCredit("A").Conversions, 12);
        Assert.Equal(2.5, result.GetCredit("B").Conversions, 12);
        Assert.Equal(35, result.GetCredit("A").Value, 12);
        Assert.Equal(25, result.GetCredit("B").Value, 12);
    }

    [Fact]
    public void Compute_ShapleyThreeChannels_MatchesHandSolvedGame()
    {
        // Paths (channel sets): A: 3, A > B: 2, B > C > B: 6, A > C > B: 3.
        // v: {} 0, A 3, B 0, C 0, AB 5, AC 3, BC 6, ABC 14.
        // With 3 players the weight of a coalition S not containing i is |S|! (2 - |S|)! / 3!: 1/3, 1/6, 1/6, 1/3.
        // phi(A) = 1/3 (3 - 0) + 1/6 (5 - 0) + 1/6 (3 - 0) + 1/3 (14 - 6)  = 1 + 5/6 + 1/2 + 8/3 = 5
        // phi(B) = 1/3 (0 - 0) + 1/6 (5 - 3) + 1/6 (6 - 0) + 1/3 (14 - 3)  = 0 + 1/3 + 1 + 11/3 = 5
        // phi(C) = 1/3 (0 - 0) + 1/6 (3 - 3) + 1/6 (6 - 0) + 1/3 (14 - 5)  = 0 + 0 + 1 + 3 = 4
        var data = PathDataset.Create(
        [
            new ChannelPath(["A"], 3),
            new ChannelPath(["A", "B"], 2),
            new ChannelPath(["B", "C", "B"], 6),
            new ChannelPath(["A", "C", "B"], 3),
        ]);

        var result = AttributionEngine.Compute(data, AttributionModel.Shapley);

        Assert.Equal(5, result.GetCredit("A").Conversions, 12);
        Assert.Equal(5, result.GetCredit("B").Conversions, 12);
        Assert.Equal(4, result.GetCredit("C").Conversions, 12);
        Assert.Equal(14, result.TotalConversions);
    }

    [Fact]
    public void Compute_ShapleyOverTwentyChannels_ThrowsNamingTheCount()
    {
        var channels = Enumerable.Range(0, 21).Select(i => $"c{i}").ToArray();
        var data = PathDataset.Create([new ChannelPath(channels, 1)]);

        var ex = Assert.Throws<TooManyChannelsException>(() => AttributionEngine.Compute(data, AttributionModel.Shapley));

        Assert.Equal(21, ex.ChannelCount);
        Assert.Equal(AttributionEngine.MaxShapleyChannels, ex.Limit);
        Assert.Contains("21 channels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_ShapleyTwentyChannels_Succeeds()
    {
        var channels = Enumerable.Range(0, 20).Select(i => $"c{i:00}").ToArray();
        var data = PathDataset.Create([new ChannelPath(channels, 20)]);

        var result = AttributionEngine.Compute(data, AttributionModel.Shapley);

        Assert.All(result.Channels, c => Assert.Equal(1, c.Conversions, 12));
    }
}
