using CustomerJourney.Analytics.Attribution;

namespace CustomerJourney.Tests.Analytics.Attribution;

/// <summary>
/// ChannelAttribution's state construction, solved by hand for orders 1 to 4 on the same three paths:
/// <c>a &gt; b &gt; b &gt; c</c> (1 conversion), <c>c</c> (1 null) and <c>b &gt; c</c> (1 null). Every path has one
/// journey, so every observed transition has count 1 unless noted.
/// </summary>
public sealed class MarkovSlidingWindowTests
{
    private static PathDataset Paths() => PathDataset.Create(
    [
        new ChannelPath(["a", "b", "b", "c"], conversions: 1, value: 60, nulls: 0),
        new ChannelPath(["c"], conversions: 0, value: 0, nulls: 1),
        new ChannelPath(["b", "c"], conversions: 0, value: 0, nulls: 1),
    ]);

    [Fact]
    public void OrderOne_WindowsOfOneTouch_RepeatsCollapsed()
    {
        // States (a), (b), (c); a > b > b > c gives a, b, c (the second b repeats the window (b)).
        //   start -> a, start -> c, start -> b: 1/3 each; a -> b: 1; b -> c: 2 (paths 1 and 3) => 1;
        //   c -> conv: 1, c -> null: 2 => h(c) = 1/3 = h(b) = h(a); P = 1/3.
        // Remove a: P = (0 + 1/3 + 1/3) / 3 = 2/9, RE = 1/3. Remove b: P = h(c)/3 = 1/9, RE = 2/3. Remove c: RE = 1.
        // Shares of 1 conversion: a 1/6, b 1/3, c 1/2.
        Check(order: 1, states: 3, effects: (1.0 / 3, 2.0 / 3, 1), shares: (1.0 / 6, 1.0 / 3, 1.0 / 2));
    }

    [Fact]
    public void OrderTwo_SlidingPairs_ShortPathIsItsOwnState()
    {
        // a > b > b > c: (a,b), (b,b), (b,c); c: (c) (shorter than 2); b > c: (b,c).
        //   start -> (a,b), start -> (c), start -> (b,c): 1/3 each; (a,b) -> (b,b) -> (b,c);
        //   (b,c) -> conv 1, null 1 => h(b,c) = 1/2 = h(b,b) = h(a,b); h(c) = 0; P = 1/3.
        // Remove a ((a,b)): P = 1/6, RE = 1/2. Remove b: every state but (c): RE = 1. Remove c ((b,c), (c)): RE = 1.
        // Shares: a 0.2, b 0.4, c 0.4.
        Check(order: 2, states: 4, effects: (0.5, 1, 1), shares: (0.2, 0.4, 0.4));
    }

    [Fact]
    public void OrderThree_SlidingTriples_ShorterPathsWhole()
    {
        // a > b > b > c: (a,b,b), (b,b,c); c: (c); b > c: (b,c) — 4 states.
        //   (b,b,c) -> conv 1 => h = 1 = h(a,b,b); (c), (b,c) -> null; P = 1/3.
        // Removing any channel removes (a,b,b) or (b,b,c): RE = 1 for a, b and c; shares 1/3 each.
        Check(order: 3, states: 4, effects: (1, 1, 1), shares: (1.0 / 3, 1.0 / 3, 1.0 / 3));
    }

    [Fact]
    public void OrderFour_PathOfExactlyKTouchesIsOneWindow()
    {
        // a > b > b > c: (a,b,b,c); c: (c); b > c: (b,c) — 3 states. (a,b,b,c) -> conv: P = 1/3, every RE = 1.
        Check(order: 4, states: 3, effects: (1, 1, 1), shares: (1.0 / 3, 1.0 / 3, 1.0 / 3));
    }

    [Fact]
    public void OrderTwo_ConsecutiveIdenticalWindowsCollapse_WhileGrowingHistoryDiffers()
    {
        // a > a > a > b (1 conversion) and a > b (1 null).
        // Windows: (a,a), (a,a), (a,b) -> (a,a), (a,b); and (a,b). States (a,a), (a,b): 2.
        //   start -> (a,a) 1/2, start -> (a,b) 1/2; (a,a) -> (a,b); (a,b): conv 1, null 1 => h = 1/2; P = 1/2.
        // Growing history collapses repeats first: a, (a,b) on both paths: 2 states, start -> (a) only.
        var data = PathDataset.Create(
        [
            new ChannelPath(["a", "a", "a", "b"], conversions: 1, nulls: 0),
            new ChannelPath(["a", "b"], conversions: 0, nulls: 1),
        ]);

        var windows = AttributionEngine.AnalyzeMarkovChain(data, 2);
        var history = AttributionEngine.AnalyzeMarkovChain(data, 2, MarkovStates.GrowingHistory);

        Assert.Equal(2, windows.StateCount);
        Assert.Equal(0.5, windows.ConversionProbability, 12);
        Assert.Equal(1, windows.RemovalEffects["a"], 12);
        Assert.Equal(1, windows.RemovalEffects["b"], 12);
        Assert.Equal(2, history.StateCount);
        Assert.Equal(0.5, history.ConversionProbability, 12);
    }

    [Fact]
    public void OrderThree_TheTwoConstructionsGiveDifferentChains()
    {
        // Growing history on the three paths: a, (a,b), (a,b,c); c; b, (b,c) — 6 states, against 4 windows.
        var history = AttributionEngine.AnalyzeMarkovChain(Paths(), 3, MarkovStates.GrowingHistory);

        Assert.Equal(6, history.StateCount);
        Assert.Equal(1.0 / 3, history.ConversionProbability, 12);
    }

    private static void Check(int order, int states, (double A, double B, double C) effects, (double A, double B, double C) shares)
    {
        var data = Paths();

        var analysis = AttributionEngine.AnalyzeMarkovChain(data, order);
        var result = AttributionEngine.Compute(data, new AttributionOptions { Model = AttributionModel.Markov, MarkovOrder = order });

        Assert.Equal(states, analysis.StateCount);
        Assert.Equal(1.0 / 3, analysis.ConversionProbability, 12);
        Assert.Equal(effects.A, analysis.RemovalEffects["a"], 12);
        Assert.Equal(effects.B, analysis.RemovalEffects["b"], 12);
        Assert.Equal(effects.C, analysis.RemovalEffects["c"], 12);
        Assert.Equal(shares.A, result.GetCredit("a").Conversions, 12);
        Assert.Equal(shares.B, result.GetCredit("b").Conversions, 12);
        Assert.Equal(shares.C, result.GetCredit("c").Conversions, 12);
        Assert.Equal(shares.A * 60, (double)result.GetCredit("a").Value, 10);
    }
}
