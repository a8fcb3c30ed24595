using CustomerJourney.Analytics.Attribution;

namespace CustomerJourney.Tests.Analytics.Attribution;

public sealed class HeuristicModelTests
{
    private static readonly PathDataset FourTouches = PathDataset.Create([new ChannelPath(["A", "B", "C", "D"], 10, 100)]);

    [Theory]
    [InlineData(AttributionModel.FirstTouch, 10, 0, 0, 0)]
    [InlineData(AttributionModel.LastTouch, 0, 0, 0, 10)]
    [InlineData(AttributionModel.Linear, 2.5, 2.5, 2.5, 2.5)]
    [InlineData(AttributionModel.PositionBased, 4, 1, 1, 4)]
    public void Compute_FourTouchPath_SplitsByModelWeights(AttributionModel model, double a, double b, double c, double d)
    {
        var result = AttributionEngine.Compute(FourTouches, model);

        Assert.Equal([a, b, c, d], new[] { "A", "B", "C", "D" }.Select(x => Math.Round(result.GetCredit(x).Conversions, 12)));
        Assert.Equal(a * 10, (double)result.GetCredit("A").Value, 12);
    }

    [Fact]
    public void Compute_TimeDecayInSteps_HalvesPerHalfLife()
    {
        // Half-life 1 touch: weights 1/4, 1/2, 1 from first to last, normalised by 7/4.
        var data = PathDataset.Create([new ChannelPath(["A", "B", "C"], 7)]);

        var result = AttributionEngine.Compute(data, new AttributionOptions { Model = AttributionModel.TimeDecay, HalfLife = 1 });

        Assert.Equal(1, result.GetCredit("A").Conversions, 12);
        Assert.Equal(2, result.GetCredit("B").Conversions, 12);
        Assert.Equal(4, result.GetCredit("C").Conversions, 12);
    }

    [Fact]
    public void Compute_TimeDecayWithTouchTimes_UsesRealTime()
    {
        // Touches 14, 13 and 0 days before conversion, half-life 7 days: weights 1/4, 2^(-13/7), 1.
        var data = PathDataset.Create([new ChannelPath(["A", "B", "C"], 1, timesBeforeConversion: [TimeSpan.FromDays(14), TimeSpan.FromDays(13), TimeSpan.Zero])]);

        var result = AttributionEngine.Compute(data, new AttributionOptions { Model = AttributionModel.TimeDecay, HalfLifeTime = TimeSpan.FromDays(7) });

        var sum = 0.25 + Math.Pow(2, -13.0 / 7) + 1;
        Assert.Equal(0.25 / sum, result.GetCredit("A").Conversions, 12);
        Assert.Equal(Math.Pow(2, -13.0 / 7) / sum, result.GetCredit("B").Conversions, 12);
        Assert.Equal(1 / sum, result.GetCredit("C").Conversions, 12);
    }

    [Fact]
    public void Compute_PositionBasedShortPaths_OneTouchTakesAllTwoTouchesSplitEvenly()
    {
        var data = PathDataset.Create([new ChannelPath(["A"], 3), new ChannelPath(["B", "C"], 2)]);

        var result = AttributionEngine.Compute(data, AttributionModel.PositionBased);

        Assert.Equal(3, result.GetCredit("A").Conversions, 12);
        Assert.Equal(1, result.GetCredit("B").Conversions, 12);
        Assert.Equal(1, result.GetCredit("C").Conversions, 12);
    }

    [Theory]
    [InlineData(0.5, 0.2, 0.4)]
    [InlineData(-0.1, 0.6, 0.5)]
    public void Validate_BadPositionWeights_Throws(double first, double middle, double last)
    {
        var options = new AttributionOptions { Model = AttributionModel.PositionBased, FirstTouchWeight = first, MiddleTouchesWeight = middle, LastTouchWeight = last };

        Assert.Contains(options.Validate(), p => p.Contains("Weight", StringComparison.Ordinal));
        var ex = Assert.Throws<ArgumentException>(() => AttributionEngine.Compute(FourTouches, options));
        Assert.Contains("Weight", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Validate_NonPositiveHalfLife_Throws(double halfLife)
    {
        var options = new AttributionOptions { Model = AttributionModel.TimeDecay, HalfLife = halfLife };

        Assert.Contains("HalfLife", Assert.Single(options.Validate()), StringComparison.Ordinal);
        var ex = Assert.Throws<ArgumentException>(() => AttributionEngine.Compute(FourTouches, options));
        Assert.Contains("HalfLife", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_ListsEveryOneAndComputeNamesThemAll()
    {
        var options = new AttributionOptions { MarkovOrder = 9, HalfLife = 0, FirstTouchWeight = -1 };

        var problems = options.Validate();

        Assert.Equal(3, problems.Count);
        var ex = Assert.Throws<ArgumentException>(() => AttributionEngine.Compute(FourTouches, options));
        Assert.Equal("options", ex.ParamName);
        foreach (var name in new[] { "MarkovOrder", "HalfLife", "FirstTouchWeight" })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_Defaults_HaveNoProblem()
    {
        Assert.Empty(new AttributionOptions().Validate());
    }

    [Fact]
    public void Compute_Result_IsSortedByConversionsDescending()
    {
        var data = PathDataset.Create([new ChannelPath(["A"], 1), new ChannelPath(["B"], 3), new ChannelPath(["C"], 2)], ["D"]);

        var result = AttributionEngine.Compute(data, AttributionModel.LastTouch);

        Assert.Equal(["B", "C", "A", "D"], result.Channels.Select(c => c.Channel));
    }

    [Fact]
    public void ChannelPath_TimesNotMatchingTouches_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ChannelPath(["A", "B"], 1, timesBeforeConversion: [TimeSpan.Zero]));
    }
}
