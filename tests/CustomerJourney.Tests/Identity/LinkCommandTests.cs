using CustomerJourney.Analytics;
using CustomerJourney.Cli;
using CustomerJourney.Engine;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Templates;
using CustomerJourney.Tests.Storage;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Tests.Identity;

/// <summary><c>journey link</c>, and events files whose rows carry an anonymous id, against a SQLite store.</summary>
public sealed class LinkCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-link-").FullName;

    private string Database => Path.Combine(_directory, "journeys.db");

    private string Store => $"sqlite:{Database}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Link_TwoIds_LinksAndShowsTheGroup()
    {
        var (code, output, error) = TrackCommandTests.Run("link", "--store", Store, "cookie-1", "c-42");
        var again = TrackCommandTests.Run("link", "-s", Store, "device-3", "cookie-1");
        var shown = TrackCommandTests.Run("link", "-s", Store, "--show", "device-3");

        Assert.Equal((JourneyCli.Ok, $"linked 'cookie-1' to customer 'c-42'{Environment.NewLine}", string.Empty), (code, output, error));
        Assert.Equal((JourneyCli.Ok, $"linked 'device-3' to customer 'c-42'{Environment.NewLine}"), (again.Code, again.Output));
        Assert.Equal(["customer c-42", "linked cookie-1", "linked device-3"], shown.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Link_AnIdLinkedElsewhere_ExitsWithOneAndNamesTheCustomerItStaysWith()
    {
        TrackCommandTests.Run("link", "--store", Store, "tablet", "c-1");

        var (code, output, error) = TrackCommandTests.Run("link", "--store", Store, "tablet", "c-2");
        var same = TrackCommandTests.Run("link", "--store", Store, "tablet", "c-1");

        Assert.Equal(JourneyCli.Invalid, code);
        Assert.Empty(output);
        Assert.StartsWith("error: Id 'tablet' is already linked to customer 'c-1'", error, StringComparison.Ordinal);
        Assert.Equal((JourneyCli.Ok, $"'tablet' already belongs to customer 'c-1'{Environment.NewLine}"), (same.Code, same.Output));
    }

    [Theory]
    [InlineData("only-one")]
    [InlineData("--show", "a", "b")]
    [InlineData("", "c-1")]
    public void Link_WrongArguments_ExitWithTwoAndChangeNothing(params string[] arguments)
    {
        var (code, _, error) = TrackCommandTests.Run(["link", "--store", Store, .. arguments]);

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Database) && new FileInfo(Database).Length > 0 && HasLinks());
    }

    [Fact]
    public async Task Track_RowsWithAnAnonymousId_LinkItAndMergeTheJourneys()
    {
        var file = Path.Combine(_directory, "events.csv");
        File.WriteAllLines(file, [
            "event_id,customer_id,touchpoint,occurred_at,anonymous_id",
            "e1,cookie-9,search-ad,2025-06-01T10:00:00Z,",
            "e2,cookie-9,comparison-site,2025-06-02T10:00:00Z,",
            "e3,c-77,web-shop-checkout,2025-06-03T10:00:00Z,cookie-9",
            "e4,cookie-9,newsletter,2025-06-04T10:00:00Z,",
        ]);

        var (code, _, error) = TrackCommandTests.Run("track", "-d", "five-stage", "-s", Store, file);
        var shown = TrackCommandTests.Run("link", "-s", Store, "--show", "cookie-9");

        Assert.Equal((JourneyCli.Ok, string.Empty), (code, error));
        Assert.Equal(["customer c-77", "linked cookie-9"], shown.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        await using var store = new SqliteJourneyStore(Database);
        var snapshot = await JourneySnapshot.ReadAsync(store, JourneyEngine.Compile(JourneyTemplates.FiveStage), cancellationToken: TestContext.Current.CancellationToken);
        var journey = Assert.Single(snapshot.Journeys);
        Assert.Equal("c-77", journey.CustomerId);
        Assert.Equal(["e1", "e2", "e3", "e4"], journey.Touches.Select(t => t.EventId));
    }

    [Fact]
    public void FromEvents_EventsCarryingBothIds_FoldOneJourneyPerCustomer()
    {
        var at = new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);
        var events = new[]
        {
            new TouchpointEvent("e1", "cookie-9", "search-ad", at),
            new TouchpointEvent("e3", "c-77", "web-shop-checkout", at.AddDays(2)) { AnonymousId = "cookie-9" },
            new TouchpointEvent("e2", "cookie-9", "comparison-site", at.AddDays(1)),
            new TouchpointEvent("x1", "someone-else", "search-ad", at),
        };

        var snapshot = JourneySnapshot.FromEvents(events, JourneyEngine.Compile(JourneyTemplates.FiveStage));

        Assert.Equal(["c-77", "someone-else"], snapshot.Journeys.Select(j => j.CustomerId));
        Assert.Equal(["e1", "e2", "e3"], snapshot.Journeys[0].Touches.Select(t => t.EventId));
    }

    private bool HasLinks()
    {
        using var connection = new SqliteConnection($"Data Source={Database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM identity_links;";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
