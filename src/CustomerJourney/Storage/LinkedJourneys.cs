using CustomerJourney.Internal;

namespace CustomerJourney.Storage;

/// <summary>How a store presents the journeys of linked ids as one journey (see <see cref="IJourneyStore.LinkAsync"/>).</summary>
public static class LinkedJourneys
{
    /// <summary>
    /// Merges the stored journeys of one identity group, on one definition, into one journey under <paramref name="key"/>:
    /// every event carries the key's customer id, an event id held by more than one of them counts once (the first
    /// journey given that holds it wins), and the events are in time order (occurred-at, then event id, ordinal), the
    /// order a journey is folded in.
    /// </summary>
    /// <param name="key">The merged journey: the definition and the group's customer id.</param>
    /// <param name="members">The group's journeys (<see langword="null"/> for ids without one), the customer's own first.</param>
    /// <returns>The merged journey, whose version is its number of events; <see langword="null"/> when no member holds an event.</returns>
    public static StoredJourney? Merge(JourneyKey key, IEnumerable<StoredJourney?> members)
    {
        Guard.NotNull(members);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var events = new List<TouchpointEvent>();
        foreach (var member in members)
        {
            if (member is null)
            {
                continue;
            }

            foreach (var e in member.Events)
            {
                if (seen.Add(e.EventId))
                {
                    events.Add(string.Equals(e.CustomerId, key.CustomerId, StringComparison.Ordinal) && e.AnonymousId is null
                        ? e
                        : e with { CustomerId = key.CustomerId, AnonymousId = null });
                }
            }
        }

        if (events.Count == 0)
        {
            return null;
        }

        events.Sort(static (a, b) =>
        {
            var byTime = a.OccurredAt.UtcTicks.CompareTo(b.OccurredAt.UtcTicks);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.EventId, b.EventId);
        });
        return new StoredJourney { Key = key, Version = events.Count, Events = events };
    }

    /// <summary>Checks the two ids of a link: neither may be <see langword="null"/> or empty.</summary>
    /// <param name="id">The id to link.</param>
    /// <param name="customerId">The customer to link it to.</param>
    /// <exception cref="ArgumentException">An id is <see langword="null"/> or empty.</exception>
    public static void CheckIds(string id, string customerId)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("The id to link must not be empty.", nameof(id));
        }

        if (string.IsNullOrEmpty(customerId))
        {
            throw new ArgumentException("The customer id to link to must not be empty.", nameof(customerId));
        }
    }
}
