namespace CustomerJourney.Tracking;

/// <summary>
/// A tracker shard's journeys by customer id: a chained hash table keyed by the caller's precomputed hash, so the
/// customer id is hashed once per event (the same hash picks the shard). The key is the journey's own
/// <see cref="Journey.CustomerId"/>, so an entry is 16 bytes. Not thread-safe: the shard's lock guards it.
/// </summary>
internal sealed class JourneyMap
{
    private int[] _buckets = new int[4]; // 1-based entry index, 0 = empty
    private Entry[] _entries = new Entry[4];
    private int _count; // entries used, including free ones
    private int _freeList = -1;
    private int _freeCount;
    private int _shift = 30; // 32 - log2(_buckets.Length)

    public int Count => _count - _freeCount;

    public IEnumerable<Journey> Values
    {
        get
        {
            for (var i = 0; i < _count; i++)
            {
                if (_entries[i].Next >= -1)
                {
                    yield return _entries[i].Value!;
                }
            }
        }
    }

    public Journey? Find(string customerId, int hash)
    {
        var entries = _entries;
        for (var i = _buckets[Bucket(hash)] - 1; (uint)i < (uint)entries.Length; i = entries[i].Next)
        {
            ref readonly var entry = ref entries[i];
            if (entry.Hash == hash && string.Equals(entry.Value!.CustomerId, customerId, StringComparison.Ordinal))
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>Adds a journey whose customer is not in the map yet.</summary>
    public void Add(Journey journey, int hash)
    {
        int index;
        if (_freeCount > 0)
        {
            index = _freeList;
            _freeList = -3 - _entries[index].Next;
            _freeCount--;
        }
        else
        {
            if (_count == _entries.Length)
            {
                Grow();
            }

            index = _count++;
        }

        ref var bucket = ref _buckets[Bucket(hash)];
        _entries[index] = new Entry { Hash = hash, Next = bucket - 1, Value = journey };
        bucket = index + 1;
    }

    /// <summary>Adds or replaces the customer's journey.</summary>
    public void Set(Journey journey, int hash)
    {
        var entries = _entries;
        for (var i = _buckets[Bucket(hash)] - 1; (uint)i < (uint)entries.Length; i = entries[i].Next)
        {
            if (entries[i].Hash == hash && string.Equals(entries[i].Value!.CustomerId, journey.CustomerId, StringComparison.Ordinal))
            {
                entries[i].Value = journey;
                return;
            }
        }

        Add(journey, hash);
    }

    public bool Remove(string customerId, int hash)
    {
        ref var bucket = ref _buckets[Bucket(hash)];
        var last = -1;
        for (var i = bucket - 1; i >= 0; last = i, i = _entries[i].Next)
        {
            ref var entry = ref _entries[i];
            if (entry.Hash == hash && string.Equals(entry.Value!.CustomerId, customerId, StringComparison.Ordinal))
            {
                if (last < 0)
                {
                    bucket = entry.Next + 1;
                }
                else
                {
                    _entries[last].Next = entry.Next;
                }

                entry.Value = null;
                entry.Next = -3 - _freeList; // <= -2 marks a free entry
                _freeList = i;
                _freeCount++;
                return true;
            }
        }

        return false;
    }

    private int Bucket(int hash) => (int)(((uint)hash * 0x9E3779B9u) >> _shift);

    private void Grow()
    {
        var size = _entries.Length * 2;
        Array.Resize(ref _entries, size);
        _buckets = new int[size];
        _shift--;
        for (var i = 0; i < _count; i++)
        {
            ref var entry = ref _entries[i];
            if (entry.Next >= -1)
            {
                ref var bucket = ref _buckets[Bucket(entry.Hash)];
                entry.Next = bucket - 1;
                bucket = i + 1;
            }
        }
    }

    private struct Entry
    {
        public int Hash;
        public int Next; // next entry in the chain, -1 at the end; <= -2 on the free list
        public Journey? Value;
    }
}
