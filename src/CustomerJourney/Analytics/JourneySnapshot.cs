using System.Runtime.CompilerServices;
using CustomerJourney.Engine;
using CustomerJourney.Internal;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;

namespace CustomerJourney.Analytics;

/// <summary>
/// The journeys of one definition as of a time: what every analysis, the <c>journey</c> CLI, the HTML report and the
/// dashboard start from. Events are checked with the tracker's rules (<see cref="IJourneyTracker.Validate(TouchpointEvent)"/>; invalid ones
/// are counted in <see cref="RejectedEvents"/>), events after the time are left out, each customer's events are folded in
/// time order as <see cref="JourneyFolder"/> does, and inactivity rules are applied up to the time.
/// </summary>
/// <remarks>
/// Reading a store streams it: one stored journey at a time is folded and its events dropped, so memory holds the folded
/// journeys (what the analyses need), never the store's events. <see cref="StreamAsync"/> keeps not even the journeys.
/// </remarks>
public sealed class JourneySnapshot
{
    private JourneySnapshot(JourneyEngine engine, DateTimeOffset asOf, IReadOnlyList<Journey> journeys, long rejected, long later)
    {
        Engine = engine;
        AsOf = asOf;
        Journeys = journeys;
        RejectedEvents = rejected;
        LaterEvents = later;
    }

    /// <summary>The compiled definition the journeys follow.</summary>
    public JourneyEngine Engine { get; }

    /// <summary>The time the journeys are as of: inactivity rules are applied up to it.</summary>
    public DateTimeOffset AsOf { get; }

    /// <summary>The journeys, ordered by customer id (ordinal), one per customer with at least one valid event up to <see cref="AsOf"/>.</summary>
    public IReadOnlyList<Journey> Journeys { get; }

    /// <summary>Events that failed the tracker's validation (unknown touchpoint, invalid ids, values or texts) and were left out.</summary>
    public long RejectedEvents { get; }

    /// <summary>Valid events that occurred after <see cref="AsOf"/> and were left out.</summary>
    public long LaterEvents { get; }

    /// <summary>Reads every journey of the engine's definition from <paramref name="store"/>, as of <paramref name="asOf"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="engine">The compiled definition; the store is read under its name.</param>
    /// <param name="asOf">The time; the latest valid event's time when <see langword="null"/> (the Unix epoch when there is none).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The journeys.</returns>
    public static async Task<JourneySnapshot> ReadAsync(IJourneyStore store, JourneyEngine engine, DateTimeOffset? asOf = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(store);
        Guard.NotNull(engine);
        var folder = new Folder(engine, asOf, null);
        var journeys = new List<Journey>();
        await foreach (var stored in store.ReadAllAsync(engine.Definition.Name, cancellationToken).ConfigureAwait(false))
        {
            if (folder.Fold(stored.Key.CustomerId, stored.Events) is { } journey)
            {
                journeys.Add(journey);
            }
        }

        return folder.Finish(journeys);
    }

    /// <summary>
    /// Streams every journey of the engine's definition from <paramref name="store"/> as of <paramref name="asOf"/>, one at a
    /// time in the store's order, keeping none of them: for analyses that need one pass.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="engine">The compiled definition; the store is read under its name.</param>
    /// <param name="asOf">The time inactivity rules are applied up to; later events are left out.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The journeys.</returns>
    public static async IAsyncEnumerable<Journey> StreamAsync(IJourneyStore store, JourneyEngine engine, DateTimeOffset asOf, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Guard.NotNull(store);
        Guard.NotNull(engine);
        var folder = new Folder(engine, asOf, null);
        await foreach (var stored in store.ReadAllAsync(engine.Definition.Name, cancellationToken).ConfigureAwait(false))
        {
            if (folder.Fold(stored.Key.CustomerId, stored.Events) is { } journey)
            {
                journey.Advance(asOf.UtcTicks);
                yield return journey;
            }
        }
    }

    /// <summary>The journeys of <paramref name="events"/> (any customers, any order), as of <paramref name="asOf"/>.</summary>
    /// <param name="events">The events.</param>
    /// <param name="engine">The compiled definition.</param>
    /// <param name="asOf">The time; the latest valid event's time when <see langword="null"/> (the Unix epoch when there is none).</param>
    /// <param name="rejected">Called, in input order, with each event that fails validation and the reason.</param>
    /// <returns>The journeys.</returns>
    /// <remarks>
    /// Events that carry <see cref="TouchpointEvent.AnonymousId"/> link it to their customer id, in input order and by
    /// the rule of <see cref="Storage.LinkResult.Decide"/>: the journeys of linked ids are one journey of the customer.
    /// </remarks>
    public static JourneySnapshot FromEvents(IEnumerable<TouchpointEvent> events, JourneyEngine engine, DateTimeOffset? asOf = null, Action<TouchpointEvent, string>? rejected = null)
    {
        Guard.NotNull(events);
        Guard.NotNull(engine);
        var folder = new Folder(engine, asOf, rejected);
        var accepted = new List<TouchpointEvent>();
        IdentityMap? identities = null;
        foreach (var e in events)
        {
            if (folder.Accept(e))
            {
                accepted.Add(e);
                if (e.AnonymousId is { } anonymousId && !string.Equals(anonymousId, e.CustomerId, StringComparison.Ordinal))
                {
                    (identities ??= new IdentityMap()).Link(anonymousId, e.CustomerId);
                }
            }
        }

        var byCustomer = new Dictionary<string, List<TouchpointEvent>>(StringComparer.Ordinal);
        foreach (var original in accepted)
        {
            var e = original;
            if (identities is not null && identities.Resolve(e.CustomerId) is var customer && !string.Equals(customer, e.CustomerId, StringComparison.Ordinal))
            {
                e = e with { CustomerId = customer };
            }

            if (!byCustomer.TryGetValue(e.CustomerId, out var list))
            {
                byCustomer[e.CustomerId] = list = [];
            }

            list.Add(e);
        }

        var journeys = new List<Journey>(byCustomer.Count);
        foreach (var (customer, list) in byCustomer)
        {
            journeys.Add(folder.FoldAccepted(customer, list));
        }

        return folder.Finish(journeys);
    }

    /// <summary>
    /// Copies of <paramref name="journeys"/> (e.g. a tracker's in-memory journeys) with inactivity applied up to
    /// <paramref name="asOf"/>; the given journeys are not changed.
    /// </summary>
    /// <param name="journeys">The journeys; all must follow <paramref name="engine"/>.</param>
    /// <param name="engine">The compiled definition.</param>
    /// <param name="asOf">The time inactivity rules are applied up to.</param>
    /// <returns>The journeys.</returns>
    /// <exception cref="ArgumentException">A journey follows another definition.</exception>
    public static JourneySnapshot FromJourneys(IEnumerable<Journey> journeys, JourneyEngine engine, DateTimeOffset asOf)
    {
        Guard.NotNull(journeys);
        Guard.NotNull(engine);
        var copies = new List<Journey>();
        foreach (var journey in journeys)
        {
            Guard.NotNull(journey);
            if (!ReferenceEquals(journey.Engine, engine) && !journey.Engine.Definition.Equals(engine.Definition))
            {
                throw new ArgumentException($"Journey of customer '{journey.CustomerId}' follows '{journey.DefinitionName}', not '{engine.Definition.Name}'.", nameof(journeys));
            }

            var copy = journey.Snapshot();
            copy.Advance(asOf.UtcTicks);
            copies.Add(copy);
        }

        copies.Sort((a, b) => string.CompareOrdinal(a.CustomerId, b.CustomerId));
        return new JourneySnapshot(engine, asOf, copies, 0, 0);
    }

    /// <summary>Validation, the as-of cut and folding, shared by the sources.</summary>
    private sealed class Folder
    {
        private readonly JourneyEngine _engine;
        private readonly DateTimeOffset? _asOf;
        private readonly long _until;
        private readonly TouchpointEventValidator _validator;
        private readonly Action<TouchpointEvent, string>? _rejected;
        private readonly List<TouchpointEvent> _buffer = [];
        private long _latest = long.MinValue;
        private long _rejectedCount;
        private long _laterCount;

        public Folder(JourneyEngine engine, DateTimeOffset? asOf, Action<TouchpointEvent, string>? rejected)
        {
            _engine = engine;
            _asOf = asOf;
            _until = asOf?.UtcTicks ?? long.MaxValue;

            // the tracker's rules, except that no event is "in the future": events after the time are cut, not rejected
            // (a clock at the end of time accepts every date; the future-skew sum saturates)
            _validator = new TouchpointEventValidator(engine.Definition, new JourneyTrackerOptions(), new FixedTimeProvider(DateTimeOffset.MaxValue));
            _rejected = rejected;
        }

        /// <summary>Whether the event is valid and not after the time; counts it otherwise.</summary>
        public bool Accept(TouchpointEvent e)
        {
            if (e is null || _validator.Rules.FirstFailure(e, _engine, out _) is not null)
            {
                _rejectedCount++;
                if (_rejected is not null && e is not null)
                {
                    var failure = _validator.Validate(e).Errors.FirstOrDefault();
                    _rejected(e, failure?.ErrorMessage ?? "The event is invalid.");
                }

                return false;
            }

            if (e.OccurredAt.UtcTicks > _until)
            {
                _laterCount++;
                return false;
            }

            _latest = Math.Max(_latest, e.OccurredAt.UtcTicks);
            return true;
        }

        /// <summary>The customer's journey from their events, or <see langword="null"/> when none is accepted.</summary>
        public Journey? Fold(string customerId, IReadOnlyList<TouchpointEvent> events)
        {
            _buffer.Clear();
            foreach (var e in events)
            {
                if (Accept(e))
                {
                    _buffer.Add(e);
                }
            }

            return _buffer.Count == 0 ? null : FoldAccepted(customerId, _buffer);
        }

        public Journey FoldAccepted(string customerId, List<TouchpointEvent> events)
        {
            var journey = new Journey(_engine, customerId);
            JourneyFolder.FoldInto(journey, events, _engine);
            return journey;
        }

        public JourneySnapshot Finish(List<Journey> journeys)
        {
            var asOf = _asOf ?? (_latest == long.MinValue ? DateTimeOffset.UnixEpoch : new DateTimeOffset(_latest, TimeSpan.Zero));
            foreach (var journey in journeys)
            {
                journey.Advance(asOf.UtcTicks);
            }

            journeys.Sort((a, b) => string.CompareOrdinal(a.CustomerId, b.CustomerId));
            return new JourneySnapshot(_engine, asOf, journeys, _rejectedCount, _laterCount);
        }
    }
}
