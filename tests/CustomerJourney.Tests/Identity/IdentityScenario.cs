using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Tests.Generators;
using CustomerJourney.Tracking;
using FsCheck;
using FsCheck.Fluent;
using static CustomerJourney.Tests.Tracking.TrackingFixtures;

namespace CustomerJourney.Tests.Identity;

/// <summary>
/// A generated definition and events of several ids, some of which are one customer: <see cref="Root"/> and the
/// <see cref="Links"/> that form a tree below it (each id linked once, to the root or to an id linked before it in the
/// tree, so chains occur and no link conflicts). Events of the group are re-sent under other ids of the group, and every
/// operation (event or link) has a place in the arrival order.
/// </summary>
public sealed record IdentityScenario(GeneratedJourney Journey, IReadOnlyList<TouchpointEvent> Events, IReadOnlyList<(string Id, string Parent)> Links, IReadOnlyList<IdentityScenario.Op> Operations)
{
    /// <summary>The customer id the group's links lead to.</summary>
    public const string Root = "c1";

    private static readonly string[] Candidates = ["alice", "bob", "ž-7"];

    /// <summary>One step of the arrival order: an event, or a link.</summary>
    public sealed record Op(TouchpointEvent? Event, (string Id, string Parent)? Link)
    {
        /// <inheritdoc />
        public override string ToString() => Event is { } e ? $"{e.EventId}/{e.CustomerId}" : $"link {Link!.Value.Id}->{Link.Value.Parent}";
    }

    /// <summary>Every id of the group: the root and the linked ids.</summary>
    public IReadOnlyList<string> Group => [Root, .. Links.Select(l => l.Id)];

    /// <summary>Every id with events or links.</summary>
    public IReadOnlyList<string> Ids => Events.Select(e => e.CustomerId).Concat(Group).Distinct().ToList();

    /// <summary>Scenarios over generated definitions and touches, with link positions and re-sends drawn from a seed.</summary>
    public static Arbitrary<IdentityScenario> Arbitrary() =>
        (from run in DefinitionGenerators.Runs
         from members in Gen.SubListOf(Candidates)
         from parents in Gen.ArrayOf(Gen.Choose(0, 1000), 3)
         from seed in Gen.Choose(0, int.MaxValue - 1)
         select Create(run, members.ToArray(), parents, seed)).ToArbitrary();

    /// <summary>The same scenario with its operations in another arrival order (links at other places, events shuffled).</summary>
    public IdentityScenario Reordered(int seed) => this with { Operations = Arrange(Events, Links, seed) };

    /// <summary>The same scenario with every link made twice, the second time at another random place after the first.</summary>
    public IdentityScenario LinkedTwice(int seed)
    {
        var random = new Random(seed);
        var operations = Operations.ToList();
        foreach (var link in Links)
        {
            var first = operations.FindIndex(o => o.Link == link);
            operations.Insert(random.Next(first + 1, operations.Count + 1), new Op(null, link));
        }

        return this with { Operations = operations };
    }

    /// <summary>What the group's journey must be: every event of the group's ids tracked under the root, in time order, each event id once.</summary>
    public string ExpectedGroupView(JourneyEngine engine)
    {
        var group = Group.ToHashSet(StringComparer.Ordinal);
        var tracker = new JourneyTracker(engine, timeProvider: Clock());
        foreach (var e in Sorted(Events.Where(e => group.Contains(e.CustomerId)).Select(e => e with { CustomerId = Root }).DistinctBy(e => e.EventId)))
        {
            tracker.Track(e);
        }

        return View(tracker.GetJourney(Root));
    }

    /// <summary>What the journey of an id outside the group must be: its own events, alone.</summary>
    public string ExpectedView(JourneyEngine engine, string id)
    {
        var tracker = new JourneyTracker(engine, timeProvider: Clock());
        foreach (var e in Sorted(Events.Where(e => e.CustomerId == id)))
        {
            tracker.Track(e);
        }

        return View(tracker.GetJourney(id));
    }

    /// <summary>Runs the operations on a tracker, one by one; every link must link or find the ids already linked.</summary>
    public async Task RunAsync(IJourneyTracker tracker)
    {
        foreach (var op in Operations)
        {
            if (op.Event is { } e)
            {
                var result = await tracker.TrackAsync(e);
                Assert.True(result.IsRecorded || result.Outcome == TrackOutcome.Duplicate, $"{e}: {result}");
            }
            else
            {
                var (id, parent) = op.Link!.Value;
                var linked = await tracker.LinkAsync(id, parent);
                Assert.NotEqual(LinkOutcome.Conflict, linked.Outcome);
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Journey}{Environment.NewLine}links: {string.Join(", ", Links.Select(l => $"{l.Id}->{l.Parent}"))}{Environment.NewLine}operations: {string.Join(", ", Operations)}";

    private static IdentityScenario Create(JourneyRun run, string[] members, int[] parents, int seed)
    {
        var random = new Random(seed);
        var links = new List<(string, string)>();
        var placed = new List<string> { Root };
        for (var i = 0; i < members.Length; i++)
        {
            links.Add((members[i], placed[parents[i] % placed.Count]));
            placed.Add(members[i]);
        }

        var events = CustomerJourney.Tests.Tracking.TrackingFixtures.Events(run.Touches).ToList();
        var group = placed.ToHashSet(StringComparer.Ordinal);
        foreach (var e in events.ToList())
        {
            if (group.Contains(e.CustomerId) && random.Next(4) == 0)
            {
                events.Add(e with { CustomerId = placed[random.Next(placed.Count)] }); // the same event, sent under another id of the customer
            }
        }

        return new IdentityScenario(run.Journey, events, links, Arrange(events, links, seed));
    }

    private static List<Op> Arrange(IReadOnlyList<TouchpointEvent> events, IReadOnlyList<(string Id, string Parent)> links, int seed)
    {
        var random = new Random(seed);
        var operations = Shuffle(events, seed).Select(e => new Op(e, null)).ToList();
        foreach (var link in Shuffle(links, seed + 1))
        {
            operations.Insert(random.Next(operations.Count + 1), new Op(null, link));
        }

        return operations;
    }
}
