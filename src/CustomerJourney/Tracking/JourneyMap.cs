namespace CustomerJourney.Tracking;

/// <summary>
/// A tracker shard's journeys by customer id: an open-addressing hash table (linear probing, at most three quarters
/// full) keyed by the caller's precomputed hash, so the customer id is hashed once per event (the same hash picks the
/// shard). A slot holds the hash and the journey side by side, so a lookup reads one slot and the journey, not a bucket,
/// an entry and the journey. The key is the journey's own <see cref="Journey.CustomerId"/>, so a slot is 16 bytes. Not
/// thread-safe: the shard's lock guards it.
/// </summary>
internal sealed class JourneyMap
{
    private Slot[] _slots = new Slot[8]; // Value null = empty
    private int _count;
    private int _shift = 29; // 32 - log2(_slots.Length)

    public int Count => _count;

    public IEnumerable<Journey> Values
    {
        get
        {
            var slots = _slots;
            for (var i = 0; i < slots.Length; i++)
            {
                if (slots[i].Value is { } journey)
                {
                    yield return journey;
                }
            }
        }
    }

    public Journey? Find(string customerId, int hash)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = Home(hash); ; i = (i + 1) & mask)
        {
            ref readonly var slot = ref slots[i];
            var journey = slot.Value;
            if (journey is null)
            {
                return null;
            }

            if (slot.Hash == hash && string.Equals(journey.CustomerId, customerId, StringComparison.Ordinal))
            {
                return journey;
            }
        }
    }

    /// <summary>Adds a journey whose customer is not in the map yet.</summary>
    public void Add(Journey journey, int hash)
    {
        if (_count + 1 > (_slots.Length >> 2) * 3)
        {
            Grow();
        }

        Insert(_slots, _shift, journey, hash);
        _count++;
    }

    /// <summary>Adds or replaces the customer's journey.</summary>
    public void Set(Journey journey, int hash)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = Home(hash); slots[i].Value is { } existing; i = (i + 1) & mask)
        {
            if (slots[i].Hash == hash && string.Equals(existing.CustomerId, journey.CustomerId, StringComparison.Ordinal))
            {
                slots[i].Value = journey;
                return;
            }
        }

        Add(journey, hash);
    }

    public bool Remove(string customerId, int hash)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var i = Home(hash);
        while (true)
        {
            var journey = slots[i].Value;
            if (journey is null)
            {
                return false;
            }

            if (slots[i].Hash == hash && string.Equals(journey.CustomerId, customerId, StringComparison.Ordinal))
            {
                break;
            }

            i = (i + 1) & mask;
        }

        // Backward-shift deletion: move later slots of the run into the gap when their home does not lie in the
        // stretch between the gap and them, so every journey stays reachable from its home without tombstones.
        var gap = i;
        for (var j = (gap + 1) & mask; slots[j].Value is not null; j = (j + 1) & mask)
        {
            var home = Home(slots[j].Hash);
            if (((j - home) & mask) >= ((j - gap) & mask))
            {
                slots[gap] = slots[j];
                gap = j;
            }
        }

        slots[gap] = default;
        _count--;
        return true;
    }

    private int Home(int hash) => Home(hash, _shift);

    private static int Home(int hash, int shift) => (int)(((uint)hash * 0x9E3779B9u) >> shift);

    private static void Insert(Slot[] slots, int shift, Journey journey, int hash)
    {
        var mask = slots.Length - 1;
        var i = Home(hash, shift);
        while (slots[i].Value is not null)
        {
            i = (i + 1) & mask;
        }

        slots[i] = new Slot { Hash = hash, Value = journey };
    }

    private void Grow()
    {
        var old = _slots;
        var slots = new Slot[old.Length * 2];
        var shift = _shift - 1;
        foreach (var slot in old)
        {
            if (slot.Value is not null)
            {
                Insert(slots, shift, slot.Value, slot.Hash);
            }
        }

        _slots = slots;
        _shift = shift;
    }

    private struct Slot
    {
        public int Hash;
        public Journey? Value;
    }
}
