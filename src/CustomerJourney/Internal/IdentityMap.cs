using System.Collections.Concurrent;
using CustomerJourney.Storage;

namespace CustomerJourney.Internal;

/// <summary>
/// Identity links in memory, flattened: every linked id points at its group's customer id, never at another linked id.
/// Reads are lock-free; changes are serialised. Applies <see cref="LinkResult.Decide"/>.
/// </summary>
internal sealed class IdentityMap
{
    private readonly ConcurrentDictionary<string, string> _customerOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _linked = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private volatile int _count;

    /// <summary>Whether no id is linked (the common case, checked before any lookup).</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>The customer id <paramref name="id"/> resolves to: itself when it is linked to nothing.</summary>
    public string Resolve(string id) => _count != 0 && _customerOf.TryGetValue(id, out var customer) ? customer : id;

    /// <summary>The group of <paramref name="id"/>.</summary>
    public IdentityGroup Group(string id)
    {
        lock (_gate)
        {
            var customer = Resolve(id);
            if (!_linked.TryGetValue(customer, out var ids))
            {
                return IdentityGroup.Single(id);
            }

            var all = new List<string>(ids.Count + 1) { customer };
            all.AddRange(ids);
            all.Sort(StringComparer.Ordinal);
            return new IdentityGroup { CustomerId = customer, Ids = all };
        }
    }

    /// <summary>Links <paramref name="id"/> to <paramref name="customerId"/>; for <see cref="LinkOutcome.Linked"/>, also the customer id the id resolved to before.</summary>
    public LinkResult Link(string id, string customerId)
    {
        lock (_gate)
        {
            var from = Resolve(id);
            var result = LinkResult.Decide(id, from, Resolve(customerId));
            if (result.Outcome != LinkOutcome.Linked)
            {
                return result;
            }

            var to = result.CustomerId;
            if (!_linked.TryGetValue(to, out var target))
            {
                _linked[to] = target = new SortedSet<string>(StringComparer.Ordinal);
            }

            // the id's own group joins the customer: its linked ids are re-pointed, so that no link points at a linked id
            if (_linked.Remove(from, out var moved))
            {
                foreach (var other in moved)
                {
                    _customerOf[other] = to;
                    target.Add(other);
                }
            }

            _customerOf[from] = to;
            target.Add(from);
            _count = _customerOf.Count;
            return result;
        }
    }

    /// <summary>Forgets the group of <paramref name="id"/>; returns it.</summary>
    public IdentityGroup Remove(string id)
    {
        lock (_gate)
        {
            var group = Group(id);
            _linked.Remove(group.CustomerId);
            foreach (var other in group.Ids)
            {
                _customerOf.TryRemove(other, out _);
            }

            _count = _customerOf.Count;
            return group;
        }
    }
}
