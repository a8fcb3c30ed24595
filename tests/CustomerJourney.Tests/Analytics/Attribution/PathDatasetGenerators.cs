using CustomerJourney.Analytics.Attribution;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerJourney.Tests.Analytics.Attribution;

/// <summary>Small random path datasets: up to 6 channels, 1 to 25 rows of 1 to 7 touches.</summary>
internal static class PathDatasetGenerators
{
    public static readonly string[] ChannelNames = ["a", "b", "c", "d", "e", "f"];

    public static Gen<ChannelPath> Path =>
        from length in Gen.Choose(1, 7)
        from channels in Gen.Elements(ChannelNames).ArrayOf(length)
        from conversions in Gen.Choose(0, 4)
        from nulls in Gen.Choose(0, 4)
        from cents in Gen.Choose(0, 10_000)
        select new ChannelPath(channels, conversions, conversions > 0 ? cents / 100m : 0, nulls);

    public static Arbitrary<ChannelPath[]> Paths =>
        (from count in Gen.Choose(1, 25)
         from paths in Path.ArrayOf(count)
         select paths).ToArbitrary();

    public static Arbitrary<(ChannelPath[] Paths, int Seed)> PathsWithSeed =>
        (from count in Gen.Choose(1, 25)
         from paths in Path.ArrayOf(count)
         from seed in Gen.Choose(0, int.MaxValue)
         select (paths, seed)).ToArbitrary();

    public static IEnumerable<AttributionOptions> AllModels()
    {
        yield return new() { Model = AttributionModel.FirstTouch };
        yield return new() { Model = AttributionModel.LastTouch };
        yield return new() { Model = AttributionModel.Linear };
        yield return new() { Model = AttributionModel.TimeDecay, HalfLife = 2 };
        yield return new() { Model = AttributionModel.PositionBased };
        yield return new() { Model = AttributionModel.PositionBased, FirstTouchWeight = 0.3, MiddleTouchesWeight = 0.5, LastTouchWeight = 0.2 };
        for (var order = 1; order <= AttributionOptions.MaxMarkovOrder; order++)
        {
            yield return new() { Model = AttributionModel.Markov, MarkovOrder = order };
        }

        yield return new() { Model = AttributionModel.Shapley };
    }

    public static bool Close(double actual, double expected) => Math.Abs(actual - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected));

    public static bool Close(decimal actual, decimal expected) => Close((double)actual, (double)expected);
}
