using CustomerJourney.Acting;
using CustomerJourney.Hosting;
using CustomerJourney.Tracking;
using CustomerJourney.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerJourney.Tests.Acting;

/// <summary>Inactivity lapses applied at their due time on a fake clock: durably, once, and not when a touch came first.</summary>
public sealed class LapseTimerTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-lapse-").FullName;
    private string? _schema;

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        if (_schema is not null)
        {
            await Storage.PostgreSqlTestServer.DropSchemaAsync(Storage.PostgreSqlTestServer.ConnectionString(), _schema);
        }
    }

    public static TheoryData<string> Stores => ["sqlite", "postgres", "memory"];

    private Action<DependencyInjection.CustomerJourneyBuilder> Store(string kind)
    {
        switch (kind)
        {
            case "sqlite":
                return ActingHost.Sqlite(Path.Combine(_directory, "journeys.db"));
            case "postgres":
                var connectionString = Storage.PostgreSqlTestServer.ConnectionString();
                _schema = Storage.PostgreSqlTestServer.NewSchema();
                return j => PostgreSql.PostgreSqlCustomerJourneyBuilderExtensions.UsePostgreSqlStore(j, connectionString, _schema);
            default:
                return j => j.UseInMemoryStore();
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ALapse_IsDeliveredOnceAtItsDueTime_AndStored_WhileATouchBeforeTheDeadlinePreventsIt(string kind)
    {
        await using var host = new ActingHost(
            Store(kind),
            j => j.OnEnter("lapsed", (JourneyTransition t, Received r) => r.Add("win-back", t)));
        var ct = TestContext.Current.CancellationToken;

        await host.TrackAsync("a1", "ann", "search-ad", TimeSpan.Zero); // consideration: lapses after 60 days without a touch
        await host.TrackAsync("b1", "bob", "search-ad", TimeSpan.Zero);
        await host.RunOnceAsync();
        var due = ActingHost.Start.AddDays(60);
        Assert.Equal(due, (await host.Deliveries.CountAsync(ct)).OldestTimer);

        host.Clock.Advance(TimeSpan.FromDays(60) - TimeSpan.FromMinutes(1));
        await host.TrackAsync("b2", "bob", "comparison-site", TimeSpan.FromDays(60) - TimeSpan.FromMinutes(2)); // a touch just before the deadline
        await host.RunOnceAsync();
        Assert.Empty(host.Received.All);

        host.Clock.Advance(TimeSpan.FromMinutes(2)); // one minute past ann's deadline
        await host.RunOnceAsync();
        var lapse = Assert.Single(host.Received.Of("win-back"));
        Assert.Equal(("ann", "consideration", "lapsed", TransitionCause.Inactivity, due, null), (lapse.Key.CustomerId, lapse.From, lapse.To, lapse.Cause, lapse.OccurredAt, lapse.Touchpoint));

        // the lapse is part of ann's stored history: a fresh fold (the tracker reads the store) shows it
        var ann = await host.Tracker.GetJourneyAsync("ann", ct);
        Assert.Equal("lapsed", ann!.Stage);
        Assert.Equal(due, ann.StageEnteredAt);
        Assert.Equal(1, ann.Version); // a lapse is not a touch
        var stored = await host.Services.GetRequiredService<IJourneyStore>().LoadAsync(new JourneyKey("five-stage", "ann"), ct);
        Assert.Equal(2, stored!.Version);
        Assert.True(InactivityMarker.IsMarker(stored.Events[1]));
        Assert.Equal("consideration", (await host.Tracker.GetJourneyAsync("bob", ct))!.Stage);

        // delivered exactly once, however long the clock runs on; bob lapses at his own (moved) deadline
        for (var i = 0; i < 7; i++)
        {
            host.Clock.Advance(TimeSpan.FromDays(10));
            await host.RunOnceAsync();
        }

        Assert.Equal(["ann", "bob"], host.Received.Of("win-back").Select(t => t.Key.CustomerId));
        Assert.Equal(ActingHost.Start.AddDays(120) - TimeSpan.FromMinutes(2), host.Received.Of("win-back")[1].OccurredAt);

        // after the lapse the tracker writes on: the marker counts in the store's version, not as a touch
        Assert.Equal(TrackOutcome.Advanced, (await host.TrackAsync("a2", "ann", "win-back-email", TimeSpan.FromDays(110))).Outcome);
        Assert.Equal(2, (await host.Tracker.GetJourneyAsync("ann", ct))!.Version);
    }

    [Fact]
    public async Task TwoDispatchers_ApplyALapseOnce()
    {
        var path = Path.Combine(_directory, "journeys.db");
        var received = new Received();
        await using var one = new ActingHost(ActingHost.Sqlite(path), ActingHost.RecordAll, received: received);
        await using var two = new ActingHost(ActingHost.Sqlite(path), ActingHost.RecordAll, clock: one.Clock, received: received);
        await one.TrackAsync("a1", "ann", "search-ad", TimeSpan.Zero);
        await one.RunOnceAsync();
        one.Clock.Advance(TimeSpan.FromDays(61));
        await Task.WhenAll(one.RunOnceAsync(), two.RunOnceAsync());
        await one.RunOnceAsync();
        await two.RunOnceAsync();
        Assert.Equal(["(new)->consideration", "consideration->lapsed"], received.Of("all").Select(t => $"{t.From ?? "(new)"}->{t.To}"));
        var stored = await one.Services.GetRequiredService<IJourneyStore>().LoadAsync(new JourneyKey("five-stage", "ann"), TestContext.Current.CancellationToken);
        Assert.Equal(2, stored!.Version);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ErasingACustomer_RemovesTheirDeliveriesAndTimers(string kind)
    {
        await using var host = new ActingHost(
            Store(kind),
            j => j.OnEnter("consideration", void (JourneyTransition t) => throw new InvalidOperationException("down"), name: "failing"),
            o => o.MaxAttempts = 1);
        var ct = TestContext.Current.CancellationToken;
        await host.TrackAsync("a1", "ann", "search-ad", TimeSpan.Zero);
        await host.TrackAsync("b1", "bob", "search-ad", TimeSpan.Zero);
        await host.RunOnceAsync();
        Assert.Equal(2, (await host.Deliveries.CountAsync(ct)).Parked);

        Assert.True(await host.Tracker.EraseAsync("ann", ct));
        var left = await host.Deliveries.ListAsync(parkedOnly: false, 10, ct);
        Assert.Equal(["bob"], left.Select(d => d.Transition.Key.CustomerId));
        host.Clock.Advance(TimeSpan.FromDays(61));
        Assert.Equal(["bob"], (await host.Deliveries.DueTimersAsync(host.Clock.GetUtcNow(), 10, ct)).Select(t => t.Key.CustomerId));
    }
}
