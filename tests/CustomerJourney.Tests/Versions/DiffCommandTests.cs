using System.Text.Json;
using CustomerJourney.Cli;
using CustomerJourney.Engine;
using CustomerJourney.Sqlite;
using CustomerJourney.Templates;
using CustomerJourney.Tests.Cli;
using CustomerJourney.Tracking;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace CustomerJourney.Tests.Versions;

/// <summary><c>journey diff</c> on two versions of a template over a demo store.</summary>
public sealed class DiffCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-diff-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Diff_TwoVersionsOfATemplate_OnADemoStore_MovesEqualAFullRefoldUnderEachVersion()
    {
        var store = Path.Combine(_directory, "demo.db");
        var v2 = Path.Combine(_directory, "five-stage-v2.json");
        await File.WriteAllTextAsync(v2, FiveStageV2.Json(), TestContext.Current.CancellationToken);
        Assert.Equal(JourneyCli.Ok, CliDefinitionTests.Run("demo", "--customers", "1500", "--store", "sqlite:" + store, "--out", Path.Combine(_directory, "r.html")).Code);

        var (code, output, error) = CliDefinitionTests.Run("diff", "five-stage", v2, "--store", "sqlite:" + store, "--json");

        Assert.True(code == JourneyCli.Ok, error);
        using var json = JsonDocument.Parse(output);
        var impact = json.RootElement.GetProperty("impact");
        var reported = impact.GetProperty("moves").EnumerateArray()
            .ToDictionary(m => (Text(m.GetProperty("from")), Text(m.GetProperty("to"))), m => m.GetProperty("customers").GetInt64());

        // the reference: every stored event tracked one by one, in the store's order, by an in-memory tracker of each version
        var events = new List<TouchpointEvent>();
        await using (var sqlite = new SqliteJourneyStore(store))
        {
            await foreach (var journey in sqlite.ReadAllAsync(JourneyTemplates.FiveStageName, TestContext.Current.CancellationToken))
            {
                events.AddRange(journey.Events);
            }
        }

        var asOf = events.Max(e => e.OccurredAt);
        var before = Refold(JourneyTemplates.FiveStage, events, asOf);
        var after = Refold(FiveStageV2.Definition(), events, asOf);
        var expected = new Dictionary<(string?, string?), long>();
        foreach (var customer in before.Keys.Union(after.Keys))
        {
            var pair = (before.GetValueOrDefault(customer), after.GetValueOrDefault(customer));
            expected[pair] = expected.GetValueOrDefault(pair) + 1;
        }

        Assert.Equal(expected.OrderBy(p => p.Key.ToString()), reported.OrderBy(p => p.Key.ToString()));
        Assert.Equal(expected.Where(p => p.Key.Item1 != p.Key.Item2).Sum(p => p.Value), impact.GetProperty("moved").GetInt64());
        Assert.True(reported.GetValueOrDefault(("consideration", "intent")) > 0, output);
        Assert.True(reported.GetValueOrDefault(("awareness", null)) > 0, output); // customers who only heard the radio ad
        Assert.Contains(json.RootElement.GetProperty("changes").EnumerateArray(), c => c.GetProperty("id").GetString() == "consideration --competitor-click-->" && c.GetProperty("kind").GetString() == "retargeted");
    }

    [Fact]
    public void Diff_WithoutStore_ListsGraphChanges_AndUnknownInputIsNamed()
    {
        var v2 = Path.Combine(_directory, "five-stage-v2.json");
        File.WriteAllText(v2, FiveStageV2.Json());

        var (code, output, _) = CliDefinitionTests.Run("diff", "five-stage", v2);
        var missing = CliDefinitionTests.Run("diff", "five-stage", Path.Combine(_directory, "nope.json"));
        var model = CliDefinitionTests.Run("diff", "five-stage", v2, "--model", "magic");

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Contains("* transition consideration --competitor-click--> retargeted: to awareness -> to lapsed", output, StringComparison.Ordinal);
        Assert.Contains("* touchpoint radio-ad removed", output, StringComparison.Ordinal);
        Assert.Contains("definition version changed: 1 -> 2", output, StringComparison.Ordinal);
        Assert.Equal(JourneyCli.Unreadable, missing.Code);
        Assert.Contains("nope.json", missing.Error, StringComparison.Ordinal);
        Assert.Equal(JourneyCli.Unreadable, model.Code);
        Assert.Contains("magic", model.Error, StringComparison.Ordinal);
    }

    private static string? Text(JsonElement element) => element.ValueKind == JsonValueKind.Null ? null : element.GetString();

    /// <summary>Each customer's stage after tracking every event with an in-memory tracker and applying inactivity up to <paramref name="asOf"/>.</summary>
    private static Dictionary<string, string> Refold(CustomerJourney.Definitions.JourneyDefinition definition, List<TouchpointEvent> events, DateTimeOffset asOf)
    {
        var tracker = new JourneyTracker(JourneyEngine.Compile(definition), new JourneyTrackerOptions { MaxLateness = null }, new FakeTimeProvider(asOf));
        foreach (var e in events)
        {
            tracker.Track(e);
        }

        tracker.Advance(asOf);
        return tracker.GetJourneys().ToDictionary(j => j.CustomerId, j => j.Stage);
    }
}
