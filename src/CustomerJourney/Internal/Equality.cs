namespace CustomerJourney.Internal;

/// <summary>Structural equality for the read-only collections held by immutable definitions.</summary>
internal static class Equality
{
    public static bool Sequences<T>(IReadOnlyList<T> left, IReadOnlyList<T> right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left.Count != right.Count)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < left.Count; i++)
        {
            if (!comparer.Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static bool Dictionaries(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var (key, value) in left)
        {
            if (!right.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static int SequenceHash<T>(IReadOnlyList<T> items)
    {
        var hash = default(HashCode);
        hash.Add(items.Count);
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public static int DictionaryHash(IReadOnlyDictionary<string, string> items)
    {
        var hash = 0;
        foreach (var (key, value) in items)
        {
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), StringComparer.Ordinal.GetHashCode(value));
        }

        return HashCode.Combine(items.Count, hash);
    }

    public static IReadOnlyList<T> Freeze<T>(IEnumerable<T>? items) => items is null ? [] : Array.AsReadOnly(items.ToArray());

    public static IReadOnlyDictionary<string, string> Freeze(IEnumerable<KeyValuePair<string, string>>? items)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (items is not null)
        {
            foreach (var (key, value) in items)
            {
                sorted[key] = value;
            }
        }

        return new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(sorted);
    }
}
