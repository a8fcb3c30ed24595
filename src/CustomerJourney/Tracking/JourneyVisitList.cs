using System.Collections;

namespace CustomerJourney.Tracking;

/// <summary>
/// The visits of a <see cref="Journey"/>, in time order (the last one is open): a read-only view over the journey that
/// allocates nothing. Indexing and <see langword="foreach"/> read each <see cref="JourneyVisit"/> from the journey as
/// it is at that moment; the default value is empty.
/// </summary>
/// <remarks>
/// The view reads the journey it came from; it copies nothing. Every <see cref="Journey"/> that trackers and
/// <see cref="JourneyFolder"/> hand out is a snapshot that later tracking does not change, so its view reads the same
/// each time and may be kept as long as the journey. (A journey that was still being tracked into would show through
/// its view as it is at each read: a view must not be held across tracking of such a journey.)
/// <see langword="foreach"/> over the view itself uses a struct enumerator and allocates nothing; using the view as an
/// <see cref="IEnumerable{T}"/> (LINQ) boxes it.
/// </remarks>
public readonly struct JourneyVisitList : IReadOnlyList<JourneyVisit>
{
    private readonly Journey? _journey;

    internal JourneyVisitList(Journey journey) => _journey = journey;

    /// <summary>The number of visits.</summary>
    public int Count => _journey?.VisitCount ?? 0;

    /// <summary>The visit at <paramref name="index"/>.</summary>
    /// <param name="index">The visit's 0-based index in time order.</param>
    /// <returns>The visit.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not below <see cref="Count"/>.</exception>
    public JourneyVisit this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _journey!.VisitAt(index);
        }
    }

    /// <summary>An enumerator over the visits that allocates nothing.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(_journey);

    /// <inheritdoc />
    IEnumerator<JourneyVisit> IEnumerable<JourneyVisit>.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the visits of a <see cref="JourneyVisitList"/>.</summary>
    public struct Enumerator : IEnumerator<JourneyVisit>
    {
        private readonly Journey? _journey;
        private readonly int _count;
        private int _index;

        internal Enumerator(Journey? journey)
        {
            _journey = journey;
            _count = journey?.VisitCount ?? 0;
            _index = -1;
        }

        /// <summary>The visit at the enumerator's position.</summary>
        public readonly JourneyVisit Current => _journey!.VisitAt(_index);

        /// <inheritdoc />
        readonly object IEnumerator.Current => Current;

        /// <summary>Moves to the next visit.</summary>
        /// <returns><see langword="true"/> while there is one.</returns>
        public bool MoveNext() => ++_index < _count;

        /// <summary>Moves back to before the first visit.</summary>
        public void Reset() => _index = -1;

        /// <summary>Does nothing: the enumerator holds no resources.</summary>
        public readonly void Dispose()
        {
        }
    }
}
