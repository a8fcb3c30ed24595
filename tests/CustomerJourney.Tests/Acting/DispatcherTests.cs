using CustomerJourney.Acting;
using CustomerJourney.Hosting;
using CustomerJourney.Tracking;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerJourney.Tests.Acting;

/// <summary>Handlers in DI, delivered by the dispatcher over the SQLite and in-memory stores.</summary>
public sealed class DispatcherTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-acting-").FullName;

    private string Database => Path.Combine(_directory, "journeys.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Handlers_ReceiveEachCurrentStageChange_WithItsCause_AndNothingForDuplicatesOrRejectedEvents()
    {
        await using var host = new ActingHost(ActingHost.Sqlite(Database), j =>
        {
            ActingHost.RecordAll(j);
            j.OnEnter("purchase", (JourneyTransition t, Received r) => r.Add("enter:purchase", t));
            j.OnLeave("consideration", (JourneyTransition t, Received r) => r.Add("leave:consideration", t));
            j.OnEnter("awareness", (JourneyTransition t, Received r) => r.Add("enter:awareness", t));
        });

        Assert.Equal(TrackOutcome.Advanced, (await host.TrackAsync("e1", "ann", "search-ad", TimeSpan.Zero, "new")).Outcome);
        Assert.Equal(TrackOutcome.Stayed, (await host.TrackAsync("e2", "ann", "blog-post", TimeSpan.FromHours(1))).Outcome);
        Assert.Equal(TrackOutcome.Duplicate, (await host.TrackAsync("e1", "ann", "search-ad", TimeSpan.Zero)).Outcome);
        Assert.Equal(TrackOutcome.Rejected, (await host.TrackAsync("e3", "ann", "no-such-touchpoint", TimeSpan.FromHours(2))).Outcome);
        Assert.Equal(TrackOutcome.Advanced, (await host.TrackAsync("e4", "ann", "web-shop-checkout", TimeSpan.FromHours(3), "vip")).Outcome);
        Assert.Equal(TrackOutcome.Advanced, (await host.TrackAsync("e5", "ann", "store-purchase", TimeSpan.FromHours(4))).Outcome); // re-entry
        await host.RunOnceAsync();

        var all = host.Received.Of("all");
        Assert.Equal(["(new)->consideration", "consideration->purchase", "purchase->purchase"], all.Select(t => $"{t.From ?? "(new)"}->{t.To}"));
        Assert.Equal(["e1", "e4", "e5"], all.Select(t => t.EventId));
        Assert.All(all, t => Assert.Equal(TransitionCause.Touch, t.Cause));
        var purchase = host.Received.Of("enter:purchase");
        Assert.Equal(2, purchase.Count);
        Assert.Equal(("web-shop-checkout", "web-shop", "vip", ActingHost.Start.AddHours(3)), (purchase[0].Touchpoint, purchase[0].Channel, purchase[0].Segment, purchase[0].OccurredAt));
        Assert.Equal(new JourneyKey("five-stage", "ann"), purchase[0].Key);
        Assert.Equal($"{purchase[0].Position}:enter:purchase", purchase[0].DeliveryId);
        Assert.Equal($"{all[1].Position}:all", all[1].DeliveryId);
        Assert.Equal(purchase[0].Position, all[1].Position);
        Assert.Single(host.Received.Of("leave:consideration"));
        Assert.Empty(host.Received.Of("enter:awareness")); // the first touch moved ann on at once: she never stood in awareness
        Assert.Equal(new DeliveryCounts { Pending = 0, Parked = 0, Checkpoint = 4 }, (await host.Deliveries.CountAsync(TestContext.Current.CancellationToken)) with { OldestTimer = null });
    }

    [Fact]
    public async Task LateEvent_RewritingOnlyThePast_DeliversNothing_ButOneThatChangesTheCurrentStage_DeliversThatChange()
    {
        await using var host = new ActingHost(ActingHost.Sqlite(Database), ActingHost.RecordAll);
        await host.TrackAsync("e1", "bo", "search-ad", TimeSpan.FromHours(1)); // (new) -> consideration
        await host.TrackAsync("e2", "bo", "web-shop-checkout", TimeSpan.FromHours(5)); // consideration -> purchase
        await host.RunOnceAsync();
        await host.TrackAsync("e0", "bo", "pr-article", TimeSpan.Zero); // late: bo now started in awareness before e1; still in purchase since e2
        await host.TrackAsync("e3", "cy", "web-shop-checkout", TimeSpan.FromHours(5)); // (new) -> purchase
        await host.TrackAsync("e4", "cy", "competitor-click", TimeSpan.FromHours(1)); // late, before e3: cy's current visit is the same
        await host.RunOnceAsync();

        Assert.Equal(
            ["bo: (new)->consideration", "bo: consideration->purchase", "cy: (new)->purchase"],
            host.Received.Of("all").Select(t => $"{t.Key.CustomerId}: {t.From ?? "(new)"}->{t.To}"));
    }

    [Fact]
    public async Task HandlerDelegates_GetServicesFromOneScopePerDelivery_AndHandlerClassesAreResolvedPerDelivery()
    {
        var scopes = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        await using var host = new ActingHost(ActingHost.Sqlite(Database), j =>
        {
            j.OnTransition(null, null, (JourneyTransition t, PerDelivery scoped, IServiceProvider scope, CancellationToken ct) =>
            {
                Assert.Same(scoped, scope.GetRequiredService<PerDelivery>());
                scopes.Add(scoped.Id);
                return Task.CompletedTask;
            });
            j.AddHandler<RecordingHandler>(t => t.To == "purchase");
        });
        await host.TrackAsync("e1", "ann", "search-ad", TimeSpan.Zero);
        await host.TrackAsync("e2", "ann", "web-shop-checkout", TimeSpan.FromHours(1));
        await host.TrackAsync("e3", "bob", "store-purchase", TimeSpan.FromHours(1));
        await host.RunOnceAsync();

        Assert.Equal(3, scopes.Distinct().Count());
        Assert.Equal(["ann", "bob"], host.Received.Of(typeof(RecordingHandler).FullName!).Select(t => t.Key.CustomerId).Order());
        Assert.Equal(["transition:*->*", typeof(RecordingHandler).FullName!], host.Dispatcher.HandlerNames);
    }

    [Fact]
    public async Task AFailingHandler_IsRetriedWithBackOff_ThenParked_WhileTheOthersFlow_AndARedriveDeliversItWithTheSameId()
    {
        var fail = true;
        var attempts = new List<(string DeliveryId, int Attempt, DateTimeOffset At)>(); // handlers run concurrently: add under a lock
        await using var host = new ActingHost(ActingHost.Sqlite(Database), j =>
        {
            ActingHost.RecordAll(j);
            j.OnEnter("purchase", (JourneyTransition t, TimeProvider clock) =>
            {
                lock (attempts)
                {
                    attempts.Add((t.DeliveryId, t.Attempt, clock.GetUtcNow()));
                }

                if (fail)
                {
                    throw new InvalidOperationException("mail server down");
                }
            }, name: "thank-you");
        }, o => o.MaxAttempts = 3);

        await host.TrackAsync("e1", "ann", "web-shop-checkout", TimeSpan.Zero);
        await host.TrackAsync("e2", "bob", "search-ad", TimeSpan.Zero);
        await host.RunOnceAsync();
        Assert.Equal(2, host.Received.Of("all").Count); // the other handler's deliveries flowed
        Assert.Single(attempts);

        await host.TrackAsync("e3", "bob", "store-purchase", TimeSpan.FromMinutes(1));
        await host.RunOnceAsync(); // bob's purchase is attempted; ann's retry is not due yet
        Assert.Equal(3, host.Received.Of("all").Count);
        Assert.Equal(2, attempts.Count);

        for (var i = 0; i < 6; i++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(5));
            await host.RunOnceAsync();
        }

        var ann = attempts.Where(a => a.DeliveryId == attempts[0].DeliveryId).ToList();
        Assert.Equal([1, 2, 3], ann.Select(a => a.Attempt));
        var parked = await host.Deliveries.ListAsync(parkedOnly: true, 10, TestContext.Current.CancellationToken);
        Assert.Equal(2, parked.Count);
        Assert.All(parked, p => Assert.Equal((DeliveryState.Parked, 3, "thank-you"), (p.State, p.Attempts, p.Handler)));
        Assert.Contains("mail server down", parked[0].LastError, StringComparison.Ordinal);

        fail = false;
        Assert.True(await host.Deliveries.RetryAsync(parked[0].Id, host.Clock.GetUtcNow(), TestContext.Current.CancellationToken));
        Assert.False(await host.Deliveries.RetryAsync(999_999, host.Clock.GetUtcNow(), TestContext.Current.CancellationToken));
        await host.RunOnceAsync();
        Assert.Equal((parked[0].Transition.DeliveryId, 1), (attempts[^1].DeliveryId, attempts[^1].Attempt));
        Assert.Single(await host.Deliveries.ListAsync(parkedOnly: false, 10, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ARestartedHost_DeliversOnlyWhatWasNotDeliveredBefore()
    {
        var received = new Received();
        await using (var first = new ActingHost(ActingHost.Sqlite(Database), ActingHost.RecordAll, received: received))
        {
            await first.TrackAsync("e1", "ann", "search-ad", TimeSpan.Zero);
            await first.RunOnceAsync();
            await first.TrackAsync("e2", "ann", "web-shop-checkout", TimeSpan.FromHours(1));
        }

        SqliteConnection.ClearAllPools();
        await using var second = new ActingHost(ActingHost.Sqlite(Database), ActingHost.RecordAll, received: received);
        await second.RunOnceAsync();
        Assert.Equal(["(new)->consideration", "consideration->purchase"], received.Of("all").Select(t => $"{t.From ?? "(new)"}->{t.To}"));
    }

    [Fact]
    public async Task InMemoryStore_RunsHandlersAfterTracking_WithTheSameSemantics()
    {
        await using var host = new ActingHost(j => j.UseInMemoryStore(), ActingHost.RecordAll);
        await host.TrackAsync("e1", "ann", "search-ad", TimeSpan.Zero);
        await host.TrackAsync("e2", "ann", "web-shop-checkout", TimeSpan.FromHours(1));
        await host.RunOnceAsync();
        Assert.False(host.Deliveries.IsDurable);
        Assert.Equal(["(new)->consideration", "consideration->purchase"], host.Received.Of("all").Select(t => $"{t.From ?? "(new)"}->{t.To}"));
    }

    [Fact]
    public async Task HostedDispatcher_DeliversInTheBackground()
    {
        await using var host = new ActingHost(j => j.UseInMemoryStore(), ActingHost.RecordAll);
        var service = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<JourneyDispatcherService>().Single();
        await service.StartAsync(TestContext.Current.CancellationToken);
        await host.TrackAsync("e1", "ann", "search-ad", TimeSpan.Zero);
        for (var i = 0; i < 200 && host.Received.All.IsEmpty; i++)
        {
            host.Clock.Advance(TimeSpan.FromMilliseconds(50)); // the dispatcher sleeps on the (fake) clock
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await service.StopAsync(TestContext.Current.CancellationToken);
        Assert.Single(host.Received.Of("all"));
    }

    [Fact]
    public void Options_Validate_ReportsEveryProblem_AndTheDispatcherRefusesThem_NamingEach()
    {
        var options = new JourneyDispatcherOptions { BatchSize = 0, PollInterval = TimeSpan.Zero, MaxAttempts = 0, MaxConcurrency = 0, InstanceId = " " };

        var problems = options.Validate();

        Assert.Equal(["BatchSize", "PollInterval", "MaxAttempts", "MaxConcurrency", "InstanceId"], problems.Select(p => p.Split(' ')[0]));
        Assert.Empty(new JourneyDispatcherOptions().Validate());
        var host = new ActingHost(ActingHost.Sqlite(Database), ActingHost.RecordAll, o => o.MaxConcurrency = 0);
        var error = Assert.Throws<ArgumentException>(() => host.Dispatcher);
        Assert.Contains("MaxConcurrency must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHandlerNeedingAnUnregisteredService_FailsTheStart_NamingIt()
    {
        var host = new ActingHost(ActingHost.Sqlite(Database), j => j.OnEnter("purchase", (JourneyTransition t, Uri missing) => { }));
        var error = Assert.Throws<InvalidOperationException>(() => host.Dispatcher);
        Assert.Contains("enter:purchase", error.Message, StringComparison.Ordinal);
        Assert.Contains("System.Uri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_RejectsBadDelegatesAndDuplicateNames()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentException>(() => services.AddCustomerJourney(j => j.OnEnter("a", (JourneyTransition t) => 42)));
        Assert.Throws<ArgumentException>(() => services.AddCustomerJourney(j => j.OnEnter("a", (JourneyTransition t) => { }, name: "x").OnLeave("b", (JourneyTransition t) => { }, name: "x")));
    }

    private sealed class RecordingHandler(Received received) : IJourneyHandler
    {
        public ValueTask HandleAsync(JourneyTransition transition, CancellationToken cancellationToken)
        {
            received.Add(typeof(RecordingHandler).FullName!, transition);
            return ValueTask.CompletedTask;
        }
    }
}
