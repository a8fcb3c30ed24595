using CustomerJourney.Acting;
using CustomerJourney.Hosting;
using CustomerJourney.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Tests.Acting;

/// <summary><c>journey deliveries</c>: lists pending and parked deliveries of a SQLite store and re-drives a parked one.</summary>
public sealed class DeliveriesCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-deliveries-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Deliveries_ListsParkedOnesWithTheirError_AndRetryMakesOnePendingAgain()
    {
        var database = Path.Combine(_directory, "journeys.db");
        long parkedId;
        await using (var host = new ActingHost(ActingHost.Sqlite(database), j =>
        {
            j.OnEnter("purchase", void (JourneyTransition t) => throw new InvalidOperationException("smtp refused"), name: "thank-you");
            j.OnEnter("consideration", (JourneyTransition t) => { }, name: "ok");
        }, o => o.MaxAttempts = 1))
        {
            await host.TrackAsync("e1", "ann", "web-shop-checkout", TimeSpan.Zero);
            await host.TrackAsync("e2", "bob", "search-ad", TimeSpan.Zero);
            await host.RunOnceAsync();
            parkedId = Assert.Single(await host.Deliveries.ListAsync(true, 10, TestContext.Current.CancellationToken)).Id;
        }

        SqliteConnection.ClearAllPools();
        var (code, output, error) = CliDefinitionTests.Run("deliveries", "--store", $"sqlite:{database}", "--failed");
        Assert.Equal((0, string.Empty), (code, error));
        Assert.Contains("checkpoint 2, 0 pending, 1 parked", output, StringComparison.Ordinal);
        Assert.Contains($"{parkedId}  parked   thank-you  five-stage/ann  (new) -> purchase  touch web-shop-checkout (e1)", output, StringComparison.Ordinal);
        Assert.Contains("last error: System.InvalidOperationException: smtp refused", output, StringComparison.Ordinal);

        (code, output, _) = CliDefinitionTests.Run("deliveries", "--store", $"sqlite:{database}", "--retry", parkedId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, code);
        Assert.Contains("pending again", output, StringComparison.Ordinal);
        (code, output, _) = CliDefinitionTests.Run("deliveries", "--store", $"sqlite:{database}");
        Assert.Contains("0 parked", output, StringComparison.Ordinal);
        Assert.Contains($"{parkedId}  pending  thank-you", output, StringComparison.Ordinal);

        (code, _, error) = CliDefinitionTests.Run("deliveries", "--store", $"sqlite:{database}", "--retry", "424242");
        Assert.Equal(1, code);
        Assert.Contains("no delivery 424242", error, StringComparison.Ordinal);
    }
}
