using System.Globalization;
using CustomerJourney.Definitions;
using CustomerJourney.Tracking;

namespace CustomerJourney.Cli.Simulation;

/// <summary>What to simulate.</summary>
/// <param name="Seed">The seed of the one <see cref="Random"/> every draw comes from: the same seed gives the same events.</param>
/// <param name="Customers">How many customers arrive.</param>
/// <param name="Weeks">Simulated weeks from <see cref="StorefrontSimulator.Epoch"/>.</param>
internal sealed record SimulationOptions(int Seed = 42, int Customers = 20_000, int Weeks = 26);

/// <summary>
/// A deterministic storefront: customers of two or three intent segments arrive over the simulated weeks through
/// channels of different reach and persuasiveness, walk the definition's stage graph one touch at a time, loop back
/// (lost to a competitor, a newsletter that restarts consideration), buy again, become advocates, or go quiet long
/// enough for the definition's inactivity rules to lapse them (and some are won back). Works on any definition: each
/// step picks among the touchpoints that have a transition from the customer's current stage.
/// </summary>
/// <remarks>
/// Only <see cref="Random"/>(seed) is drawn from, customers in order, and time is counted from a fixed
/// <see cref="Epoch"/>, never the system clock: the same options and definition give the same events.
/// This lives in the CLI, not the library: it is demo data with invented behaviour, not a modelling API that
/// library users should depend on.
/// </remarks>
internal sealed class StorefrontSimulator
{
    /// <summary>The simulated clock's start: Monday 6 January 2025, 00:00 UTC.</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);

    private const int MaxTouchesPerCustomer = 80;

    // Share of arrivals a channel brings (first touches) and how much one of its touches warms a customer up.
    private static readonly Dictionary<string, (double Reach, double Lift)> Channels = new(StringComparer.Ordinal)
    {
        ["ads"] = (3.0, 0.10),
        ["social"] = (2.5, 0.15),
        ["search"] = (2.0, 0.45),
        ["pr"] = (1.0, 0.05),
        ["content"] = (1.2, 0.20),
        ["review-site"] = (1.0, 0.25),
        ["email"] = (0.5, 0.30),
        ["affiliate"] = (0.6, 0.25),
        ["store"] = (0.4, 0.30),
        ["web-shop"] = (0.4, 0.30),
        ["referral"] = (0.8, 0.60),
    };

    private static readonly Segment[] Segments =
    [
        new("ready-to-buy", Share: 0.20, Forward: 2.2, Buy: 2.5, Back: 0.3, Stop: 0.10, GapDays: 1.5, Quiet: 0.10, Basket: 1.3),
        new("researcher", Share: 0.45, Forward: 1.0, Buy: 0.8, Back: 1.0, Stop: 0.13, GapDays: 3.0, Quiet: 0.15, Basket: 1.0),
        new("deal-seeker", Share: 0.35, Forward: 0.7, Buy: 0.6, Back: 1.8, Stop: 0.17, GapDays: 4.0, Quiet: 0.25, Basket: 0.7),
    ];

    private readonly JourneyDefinition _definition;
    private readonly SimulationOptions _options;
    private readonly Option[][] _optionsByStage;
    private readonly (long AfterTicks, int To)[] _inactivity;
    private readonly int _start;

    /// <summary>Prepares a simulation of <paramref name="definition"/>.</summary>
    public StorefrontSimulator(JourneyDefinition definition, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Customers < 0 || options.Weeks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Customers must not be negative and weeks must be at least 1.");
        }

        _definition = definition;
        _options = options;
        var index = definition.Stages.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        _start = index[definition.StartStage];
        var options2 = definition.Stages.Select(_ => new List<Option>()).ToArray();
        foreach (var t in definition.Transitions)
        {
            var channel = definition.TryGetTouchpoint(t.Touchpoint, out var tp) ? tp.Channel : "other";
            foreach (var from in StagesOf(t.From))
            {
                var to = t.Kind == TransitionKind.Permit && t.To is not null && index.TryGetValue(t.To, out var dest) ? dest : from;
                var kind = t.Kind == TransitionKind.Ignore ? Move.Ignore
                    : to == from ? Move.Stay
                    : definition.Stages[to].IsGoal ? Move.Buy
                    : to > from ? Move.Forward
                    : Move.Back;
                options2[from].Add(new Option(t.Touchpoint, channel, to, kind));
            }
        }

        _optionsByStage = options2.Select(o => o.ToArray()).ToArray();
        _inactivity = new (long, int)[definition.Stages.Count];
        for (var i = 0; i < _inactivity.Length; i++)
        {
            _inactivity[i] = (long.MaxValue, -1);
        }

        foreach (var rule in definition.InactivityRules)
        {
            if (!index.TryGetValue(rule.To, out var to))
            {
                continue;
            }

            var stages = rule.Stage is null ? Enumerable.Range(0, definition.Stages.Count) : StagesOf(rule.Stage);
            foreach (var s in stages)
            {
                if (s != to && rule.After.Ticks < _inactivity[s].AfterTicks)
                {
                    _inactivity[s] = (rule.After.Ticks, to);
                }
            }
        }

        // a stage id, or a super-stage: its own index (when listed) and every stage grouped under it
        IEnumerable<int> StagesOf(string id) =>
            (index.TryGetValue(id, out var self) ? [self] : Array.Empty<int>())
                .Concat(definition.Stages.Select((s, i) => (s, i)).Where(p => string.Equals(p.s.SuperStage, id, StringComparison.Ordinal)).Select(p => p.i));
    }

    /// <summary>The segment names, in the order customers are assigned to them.</summary>
    public static IReadOnlyList<string> SegmentNames { get; } = Segments.Select(s => s.Name).ToArray();

    /// <summary>The definition simulated.</summary>
    public JourneyDefinition Definition => _definition;

    /// <summary>The end of simulated time: no event is later.</summary>
    public DateTimeOffset End => Epoch.AddDays(7 * _options.Weeks);

    /// <summary>Simulates every customer in order, yielding each one's events in time order.</summary>
    /// <param name="progress">Told the number of customers simulated so far, every 1,000 customers and at the end.</param>
    /// <returns>One list of events per customer who was touched at least once.</returns>
    public IEnumerable<IReadOnlyList<TouchpointEvent>> Run(IProgress<int>? progress = null)
    {
        var random = new Random(_options.Seed);
        var endTicks = End.UtcTicks;
        var span = endTicks - Epoch.UtcTicks;
        for (var n = 1; n <= _options.Customers; n++)
        {
            var events = Customer(random, n, Epoch.UtcTicks + (long)(random.NextDouble() * 0.85 * span), endTicks);
            if (n % 1000 == 0 || n == _options.Customers)
            {
                progress?.Report(n);
            }

            if (events.Count > 0)
            {
                yield return events;
            }
        }
    }

    private List<TouchpointEvent> Customer(Random random, int n, long at, long endTicks)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"c{n:D6}");
        var segment = PickSegment(random.NextDouble());
        var events = new List<TouchpointEvent>();
        var stage = _start;
        var lastActivity = at;
        var warmth = 0.0;
        var weights = new double[64];
        while (at < endTicks && events.Count < MaxTouchesPerCustomer)
        {
            // inactivity rules fire in the quiet time before this touch, as the engine applies them
            while (_inactivity[stage].To >= 0 && at - lastActivity >= _inactivity[stage].AfterTicks)
            {
                lastActivity += _inactivity[stage].AfterTicks;
                stage = _inactivity[stage].To;
                warmth *= 0.3;
            }

            var options = _optionsByStage[stage];
            if (options.Length == 0)
            {
                break;
            }

            if (weights.Length < options.Length)
            {
                weights = new double[options.Length];
            }

            var first = events.Count == 0;
            var total = 0.0;
            for (var i = 0; i < options.Length; i++)
            {
                var o = options[i];
                var channel = Channels.GetValueOrDefault(o.Channel, (Reach: 1.0, Lift: 0.2));
                var w = o.Move switch
                {
                    Move.Stay => 1.0,
                    Move.Ignore => 0.15,
                    Move.Forward => segment.Forward * (0.6 + warmth) * (0.5 + channel.Lift),
                    Move.Buy => segment.Buy * (0.15 + warmth) * (0.5 + channel.Lift) * 0.8,
                    _ => segment.Back * 0.35,
                };
                weights[i] = first ? channel.Reach * (o.Move == Move.Buy ? 0.05 : 1.0) : w;
                total += weights[i];
            }

            var pick = random.NextDouble() * total;
            var chosen = options.Length - 1;
            for (var i = 0; i < options.Length; i++)
            {
                pick -= weights[i];
                if (pick < 0)
                {
                    chosen = i;
                    break;
                }
            }

            var option = options[chosen];
            decimal? value = option.Move == Move.Buy || (option.Move == Move.Stay && _definition.Stages[stage].IsGoal && option.Channel is "store" or "web-shop" or "affiliate")
                ? Math.Round((decimal)(segment.Basket * (25 + (175 * random.NextDouble()))), 2)
                : null;
            events.Add(new TouchpointEvent(string.Create(CultureInfo.InvariantCulture, $"{id}-{events.Count + 1:D3}"), id, option.Touchpoint, new DateTimeOffset(at, TimeSpan.Zero))
            {
                Value = value,
                Segment = segment.Name,
            });
            warmth += Channels.GetValueOrDefault(option.Channel, (Reach: 1.0, Lift: 0.2)).Lift;
            if (option.Move != Move.Ignore)
            {
                if (option.To != stage)
                {
                    warmth = option.Move == Move.Buy ? 0 : option.Move == Move.Back ? warmth * 0.4 : warmth;
                }

                stage = option.To;
                lastActivity = at;
            }

            // drop out for good, go quiet for weeks (inactivity may lapse the customer), or come back soon
            var bought = _definition.Stages[stage].IsGoal;
            if (random.NextDouble() < segment.Stop * (bought ? 0.5 : 1.0))
            {
                break;
            }

            var quiet = random.NextDouble() < segment.Quiet * (bought ? 2.5 : 1.0);
            var meanDays = quiet ? 45.0 : segment.GapDays;
            at += TimeSpan.FromDays(-meanDays * Math.Log(1 - random.NextDouble())).Ticks + 1;
        }

        return events;
    }

    private static Segment PickSegment(double draw)
    {
        foreach (var segment in Segments)
        {
            draw -= segment.Share;
            if (draw < 0)
            {
                return segment;
            }
        }

        return Segments[^1];
    }

    private enum Move
    {
        Stay,
        Ignore,
        Forward,
        Buy,
        Back,
    }

    private sealed record Option(string Touchpoint, string Channel, int To, Move Move);

    private sealed record Segment(string Name, double Share, double Forward, double Buy, double Back, double Stop, double GapDays, double Quiet, double Basket);
}
