using CustomerJourney.Definitions;
using CustomerJourney.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerJourney.DependencyInjection.Tests;

public sealed class GuardTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow.AddHours(-1);

    [Fact]
    public async Task AddGuardOfT_GuardWithDependency_ResolvedFromDiAndDecidesTransition()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new VipList("alice"));
        services.AddCustomerJourney(b => b.AddDefinition("vip", Journeys.VipOnly).AddGuard<VipGuard>("vip"));
        using var provider = services.BuildServiceProvider();
        var tracker = provider.GetRequiredKeyedService<StoreBackedJourneyTracker>("vip");

        var alice = await tracker.TrackAsync(new TouchpointEvent("e1", "alice", "upgrade", At));
        var bob = await tracker.TrackAsync(new TouchpointEvent("e1", "bob", "upgrade", At));

        Assert.Equal((TrackOutcome.Advanced, "customer"), (alice.Outcome, alice.To));
        Assert.NotEqual(TrackOutcome.Advanced, bob.Outcome);
        Assert.Equal("lead", (await tracker.GetJourneyAsync("bob", ReadConsistency.Cached))!.Stage);
        Assert.Equal(2, provider.GetRequiredService<VipGuard>().Calls);
    }

    [Fact]
    public async Task AddGuard_Predicate_SeesTheTouch()
    {
        var seen = new List<string>();
        var services = new ServiceCollection();
        services.AddCustomerJourney(b => b
            .AddDefinition("vip", Journeys.VipOnly)
            .AddGuard("vip", context =>
            {
                seen.Add($"{context.CustomerId}@{context.Stage}");
                return context.Value >= 100m;
            }));
        using var provider = services.BuildServiceProvider();
        var tracker = provider.GetRequiredService<StoreBackedJourneyTracker>();

        var small = await tracker.TrackAsync(new TouchpointEvent("e1", "c1", "upgrade", At) { Value = 5m });
        var large = await tracker.TrackAsync(new TouchpointEvent("e2", "c1", "upgrade", At.AddMinutes(1)) { Value = 500m });

        Assert.NotEqual(TrackOutcome.Advanced, small.Outcome);
        Assert.Equal(TrackOutcome.Advanced, large.Outcome);
        Assert.Equal(["c1@lead", "c1@lead"], seen);
    }

    private sealed class VipList(params string[] customers)
    {
        public bool Contains(string customerId) => customers.Contains(customerId);
    }

    private sealed class VipGuard(VipList vips) : IJourneyGuard
    {
        public int Calls { get; private set; }

        public bool Evaluate(GuardContext context)
        {
            Calls++;
            return vips.Contains(context.CustomerId);
        }
    }
}
