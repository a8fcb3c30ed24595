using BenchmarkDotNet.Attributes;
using CustomerJourney.Analytics.Attribution;

namespace CustomerJourney.Benchmarks;

/// <summary>The 10,000-path ChannelAttribution example: parsing, and each model on the parsed data.</summary>
[MemoryDiagnoser]
public class AttributionBenchmarks
{
    private string file = string.Empty;
    private PathDataset data = null!;

    [GlobalSetup]
    public void Setup()
    {
        file = FindDataFile();
        data = ChannelPathCsv.ReadFile(file);
    }

    [Benchmark]
    public PathDataset Parse() => ChannelPathCsv.ReadFile(file);

    [Benchmark]
    public AttributionResult FirstTouch() => AttributionEngine.Compute(data, AttributionModel.FirstTouch);

    [Benchmark]
    public AttributionResult LastTouch() => AttributionEngine.Compute(data, AttributionModel.LastTouch);

    [Benchmark]
    public AttributionResult Linear() => AttributionEngine.Compute(data, AttributionModel.Linear);

    [Benchmark]
    public AttributionResult TimeDecay() => AttributionEngine.Compute(data, AttributionModel.TimeDecay);

    [Benchmark]
    public AttributionResult PositionBased() => AttributionEngine.Compute(data, AttributionModel.PositionBased);

    [Benchmark]
    public AttributionResult MarkovOrder1() => AttributionEngine.Compute(data, new AttributionOptions { Model = AttributionModel.Markov, MarkovOrder = 1 });

    [Benchmark]
    public AttributionResult MarkovOrder2() => AttributionEngine.Compute(data, new AttributionOptions { Model = AttributionModel.Markov, MarkovOrder = 2 });

    [Benchmark]
    public AttributionResult MarkovOrder3() => AttributionEngine.Compute(data, new AttributionOptions { Model = AttributionModel.Markov, MarkovOrder = 3 });

    [Benchmark]
    public AttributionResult Shapley() => AttributionEngine.Compute(data, AttributionModel.Shapley);

    /// <summary>The example file lives with the tests: walk up from the benchmark's output folder to the repository.</summary>
    private static string FindDataFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "CustomerJourney.Tests", "Data", "channel-paths.csv");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/CustomerJourney.Tests/Data/channel-paths.csv not found above " + AppContext.BaseDirectory);
    }
}
