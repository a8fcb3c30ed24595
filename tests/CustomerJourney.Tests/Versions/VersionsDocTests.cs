using System.Text.RegularExpressions;
using CustomerJourney.Analytics;
using CustomerJourney.Definitions;
using CustomerJourney.DependencyInjection;
using CustomerJourney.Engine;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerJourney.Tests.Versions;

/// <summary>docs/versions.md: every C# block is quoted from this class (up to indentation), and runs here.</summary>
public sealed partial class VersionsDocTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-versions-doc-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Page_EveryCSharpBlock_IsQuotedFromThisClass()
    {
        var root = Root();
        var page = File.ReadAllText(Path.Combine(root, "docs", "versions.md"));
        var source = Normalize(File.ReadAllText(Path.Combine(root, "tests", "CustomerJourney.Tests", "Versions", "VersionsDocTests.cs")));
        var blocks = Fenced().Matches(page).Select(m => m.Groups["body"].Value).ToList();

        Assert.Equal(3, blocks.Count);
        Assert.All(blocks, block => Assert.Contains(Normalize(block), source, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InCode_KeepStartedVersion_KeepsTheOldJourneyOnV1()
    {
        var shopV1 = VersionedDefinitions.V1;
        var shopV2 = VersionedDefinitions.V2;
        var store = new InMemoryJourneyStore();
        await new StoreBackedJourneyTracker(JourneyEngine.Compile(shopV1), store).TrackAsync(new TouchpointEvent("e1", "c1", "browse", T0), TestContext.Current.CancellationToken);

        var versioning = new DefinitionVersioningOptions { Policy = DefinitionChangePolicy.KeepStartedVersion };
        versioning.EarlierVersions.Add(shopV1); // optional when the store kept v1's document
        versioning.UnrecordedVersion = DefinitionVersion.Of(shopV1); // journeys written before versions were recorded
        var tracker = new VersionedJourneyTracker(JourneyEngine.Compile(shopV2), store, versioning);

        var result = await tracker.TrackAsync(new TouchpointEvent("e2", "c1", "ad", T0.AddMinutes(1)), TestContext.Current.CancellationToken);
        Assert.Equal("interest", result.To);
    }

    [Fact]
    public async Task DependencyInjection_UseDefinitionVersions_ResolvesTheVersionedTracker()
    {
        var shopV2 = VersionedDefinitions.V2;
        var path = Path.Combine(_directory, "journeys.db");
        var services = new ServiceCollection();

        services.AddCustomerJourney(journeys => journeys
            .AddDefinition(shopV2)
            .UseSqliteStore(path)
            .UseDefinitionVersions("shop", v => v.Policy = DefinitionChangePolicy.KeepStartedVersion));

        await using var provider = services.BuildServiceProvider();
        Assert.IsType<VersionedJourneyTracker>(provider.GetRequiredKeyedService<IJourneyTracker>("shop"));
        Assert.IsType<SqliteJourneyStore>(provider.GetRequiredService<IJourneyStore>());
    }

    [Fact]
    public async Task FromCode_DiffAndImpact_AgreeWithTheTwoVersions()
    {
        var shopV1 = VersionedDefinitions.V1;
        var shopV2 = VersionedDefinitions.V2;
        var store = new InMemoryJourneyStore();
        await store.AppendAsync(new JourneyKey("shop", "c1"), 0, [new TouchpointEvent("e1", "c1", "ad", T0)], TestContext.Current.CancellationToken);
        await store.AppendAsync(new JourneyKey("shop", "c2"), 0, [new TouchpointEvent("e1", "c2", "browse", T0)], TestContext.Current.CancellationToken);

        var diff = DefinitionDiff.Compare(shopV1, shopV2); // diff.Changes, diff.AffectsStages
        var impact = await DefinitionImpactAnalysis.AnalyzeAsync(store, JourneyEngine.Compile(shopV1), JourneyEngine.Compile(shopV2));
        // impact.Moves (From, To, Customers), impact.Moved, impact.Funnel, impact.ConvertedBefore/After, impact.Attribution

        Assert.True(diff.AffectsStages);
        Assert.Equal(1, impact.Moved);
        Assert.Contains(new StageMove { From = "interest", To = "cart", Customers = 1 }, impact.Moves);
        Assert.Contains(new StageMove { From = "visitor", To = "visitor", Customers = 1 }, impact.Moves);
        Assert.Equal((0, 1), (impact.ConvertedBefore, impact.ConvertedAfter));
        Assert.Contains(impact.Funnel, s => s is { Stage: "interest", Before: 1, After: 0 }); // the funnel counts stages passed in order: v2 skips interest
    }

    private static string Normalize(string text) =>
        string.Join("\n", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CustomerJourney.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (CustomerJourney.sln) was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("```csharp\\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fenced();
}
