using CustomerJourney.Definitions;
using CustomerJourney.Engine;

namespace CustomerJourney.Tracking;

/// <summary>
/// One customer on one journey definition: the current stage and when it was entered, every visit, every touch,
/// passes per stage, conversion and value, and a version. A journey is the fold of its events in time order
/// (occurred-at, then event id, ordinal), so it does not depend on the order events arrived in.
/// Instances handed out by <see cref="JourneyTracker"/> are snapshots: they do not change afterwards.
/// </summary>
public sealed partial class Journey : IJourneyFacts
{
    private readonly JourneyEngine _engine;
    private Touch[] _touches = [];
    private int _touchCount;
    private Visit[] _visits = [];
    private int _visitCount;
    private int _stage = -1;
    private long _lastActivity;
    private long _advancedTo;
    private long _convertedAt = long.MinValue;
    private int _conversions;
    private Rare? _rare; // what most journeys never need: value, segment, the event-id set, lapse times

    internal Journey(JourneyEngine engine, string customerId)
    {
        _engine = engine;
        CustomerId = customerId;
    }

    /// <summary>The journey definition's name.</summary>
    public string DefinitionName => _engine.Definition.Name;

    /// <summary>The customer.</summary>
    public string CustomerId { get; }

    /// <summary>The current stage; the start stage before any touch.</summary>
    public string Stage => _engine.StageId(_stage < 0 ? _engine.StartStageIndex : _stage);

    /// <summary>When the customer entered the current stage.</summary>
    public DateTimeOffset StageEnteredAt => _visitCount == 0 ? default : At(EnteredTicks(in _visits[_visitCount - 1]));

    /// <summary>When the journey started (its earliest touch).</summary>
    public DateTimeOffset StartedAt => _touchCount == 0 ? default : At(_touches[0].Ticks);

    /// <summary>When the latest touch happened.</summary>
    public DateTimeOffset LastTouchAt => _touchCount == 0 ? default : At(_touches[_touchCount - 1].Ticks);

    /// <summary>The journey's version: the number of recorded touches.</summary>
    public long Version => _touchCount;

    /// <summary>The number of recorded touches.</summary>
    public int TouchCount => _touchCount;

    /// <summary>When the customer first reached a goal stage, if they have.</summary>
    public DateTimeOffset? ConvertedAt => _convertedAt == long.MinValue ? null : At(_convertedAt);

    /// <summary>How many times the customer entered a goal stage (repeat purchases count again).</summary>
    public int Conversions => _conversions;

    /// <summary>The sum of the values of all touches.</summary>
    public decimal TotalValue => _rare?.TotalValue ?? 0;

    /// <summary>The latest segment the customer's events carried, if any.</summary>
    public string? Segment => _rare?.Segment;

    /// <summary>Whether the current stage is a goal stage.</summary>
    public bool IsInGoalStage => _stage >= 0 && _engine.IsGoalIndex(_stage);

    /// <summary>
    /// The visits, in time order; the last one is open. A read-only view over the journey that allocates nothing (see
    /// <see cref="JourneyVisitList"/>).
    /// </summary>
    public JourneyVisitList Visits => new(this);

    /// <summary>
    /// The touches, in time order (occurred-at, then event id). A read-only view over the journey that allocates nothing
    /// (see <see cref="JourneyTouchList"/>).
    /// </summary>
    public JourneyTouchList Touches => new(this);

    /// <summary>Passes per stage: how many times the customer entered each stage (loops count again).</summary>
    /// <returns>A new dictionary from stage id to passes, holding the stages the customer entered.</returns>
    public IReadOnlyDictionary<string, int> GetPasses()
    {
        var passes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _visitCount; i++)
        {
            var id = _engine.StageId(_visits[i].Stage);
            passes[id] = passes.GetValueOrDefault(id) + 1;
        }

        return passes;
    }

    /// <inheritdoc />
    public int GetPasses(string stageId)
    {
        if (!_engine.TryGetStageIndex(stageId, out var index))
        {
            return 0;
        }

        var count = 0;
        for (var i = 0; i < _visitCount; i++)
        {
            if (_visits[i].Stage == index)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Whether the journey recorded an event with this id.</summary>
    /// <param name="eventId">The event id.</param>
    /// <returns><see langword="true"/> when recorded.</returns>
    public bool ContainsEvent(string eventId) => ContainsEvent(eventId, _rare?.EventIds is null ? IdHash(eventId) : 0);

    /// <summary><see cref="ContainsEvent(string)"/> with the event id's <see cref="IdHash"/> computed by the caller.</summary>
    internal bool ContainsEvent(string eventId, int hash)
    {
        if (_rare?.EventIds is { } eventIds)
        {
            return eventIds.Contains(eventId);
        }

        // Compare the stored hashes first: the stored ids are scattered strings, so each comparison would be a cache miss.
        for (var i = 0; i < _touchCount; i++)
        {
            if (_touches[i].IdHash == hash && string.Equals(_touches[i].EventId, eventId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{CustomerId} in {Stage} since {StageEnteredAt:O} (v{Version}, {_visitCount} visits)";

    internal static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);

    internal int StageIndex => _stage < 0 ? _engine.StartStageIndex : _stage;

    // Index-based accessors for analytics, which need stage and touchpoint indexes rather than ids.
    internal JourneyEngine Engine => _engine;

    /// <summary>The visit at <paramref name="i"/> (below <see cref="VisitCount"/>), as <see cref="Visits"/> reads it.</summary>
    internal JourneyVisit VisitAt(int i)
    {
        ref readonly var v = ref _visits[i];
        string? touchpoint = null;
        string? channel = null;
        if (v.Cause == VisitCause.Touch)
        {
            ref readonly var t = ref _touches[v.Ref];
            touchpoint = _engine.TouchpointId(t.Touchpoint);
            channel = ChannelOf(in t);
        }

        return new JourneyVisit
        {
            Stage = _engine.StageId(v.Stage),
            EnteredAt = At(EnteredTicks(in v)),
            LeftAt = i == _visitCount - 1 ? null : At(EnteredTicks(in _visits[i + 1])),
            Cause = v.Cause,
            Touchpoint = touchpoint,
            Channel = channel,
        };
    }

    /// <summary>The touch at <paramref name="i"/> (below <see cref="TouchCount"/>), as <see cref="Touches"/> reads it.</summary>
    internal JourneyTouch TouchAt(int i)
    {
        ref readonly var t = ref _touches[i];
        var extras = t.Extras;
        return new JourneyTouch
        {
            EventId = t.EventId,
            Touchpoint = _engine.TouchpointId(t.Touchpoint),
            Channel = ChannelOf(in t),
            OccurredAt = At(t.Ticks),
            Outcome = t.Outcome,
            Value = extras?.Value,
            Segment = extras?.Segment,
            Properties = extras?.Properties,
        };
    }

    internal int VisitCount => _visitCount;

    internal int VisitStage(int index) => _visits[index].Stage;

    internal long VisitEnteredTicks(int index) => EnteredTicks(in _visits[index]);

    internal int TouchTouchpoint(int index) => _touches[index].Touchpoint;

    internal long TouchTicks(int index) => _touches[index].Ticks;

    internal string TouchChannel(int index) => ChannelOf(in _touches[index]);

    internal long ConvertedTicks => _convertedAt;

    internal long LastTicks => _touchCount == 0 ? long.MinValue : _touches[_touchCount - 1].Ticks;

    private string ChannelOf(in Touch t) =>
        t.Extras?.Channel ?? _engine.Definition.Touchpoints[t.Touchpoint].Channel;

    /// <summary>A copy that later tracking does not change.</summary>
    internal Journey Snapshot()
    {
        var copy = (Journey)MemberwiseClone();
        copy._touches = _touches.AsSpan(0, _touchCount).ToArray();
        copy._visits = _visits.AsSpan(0, _visitCount).ToArray();
        copy._rare = _rare?.Snapshot();
        return copy;
    }

    /// <summary>When the visit began: its touch's time, or the lapse time for an inactivity visit.</summary>
    private long EnteredTicks(in Visit v) => v.Cause == VisitCause.Inactivity ? _rare!.Lapses[v.Ref] : _touches[v.Ref].Ticks;

    /// <summary>
    /// A cheap, process-stable hash of an event id, 8 bytes at a time. It only speeds up the duplicate scan within one
    /// journey (equal hashes are confirmed by comparing the ids) and never keys a hash table, so it needs no
    /// randomisation against flooding.
    /// </summary>
    internal static int IdHash(string eventId)
    {
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(eventId.AsSpan());
        var hash = (ulong)bytes.Length * 0x9E3779B97F4A7C15UL;
        while (bytes.Length >= 8)
        {
            hash = (hash ^ System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes)) * 0xFF51AFD7ED558CCDUL;
            hash ^= hash >> 32;
            bytes = bytes[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            tail = (tail << 8) | bytes[i];
        }

        hash = (hash ^ tail) * 0xC4CEB9FE1A85EC53UL;
        return (int)(hash ^ (hash >> 29));
    }

    /// <summary>One recorded touch: 24 bytes (the event id and the rare extras share one reference).</summary>
    internal struct Touch
    {
        public long Ticks;
        public object Id; // the event id, or a TouchExtras that carries it
        public int IdHash; // the event id's hash, so duplicate checks rarely touch the id strings
        public ushort Touchpoint;
        public TrackOutcome Outcome;

        public readonly string EventId => Id as string ?? ((TouchExtras)Id).EventId;

        public readonly TouchExtras? Extras => Id as TouchExtras;
    }

    internal sealed class TouchExtras
    {
        public required string EventId { get; init; }

        public decimal? Value { get; init; }

        public string? Segment { get; init; }

        public string? Channel { get; init; }

        public IReadOnlyDictionary<string, string>? Properties { get; init; }
    }

    /// <summary>
    /// One visit: 8 bytes. <see cref="Ref"/> is the touch that entered the stage (for a start visit, the first touch),
    /// or, for an inactivity visit, the index of its lapse time in <see cref="Rare.Lapses"/>.
    /// </summary>
    internal struct Visit
    {
        public int Ref;
        public ushort Stage;
        public VisitCause Cause;
    }

    private sealed class Rare
    {
        public HashSet<string>? EventIds;
        public long[] Lapses = [];
        public int LapseCount;
        public decimal TotalValue;
        public string? Segment;

        public int AddLapse(long ticks)
        {
            if (LapseCount == Lapses.Length)
            {
                Array.Resize(ref Lapses, Math.Max(4, LapseCount * 2));
            }

            Lapses[LapseCount] = ticks;
            return LapseCount++;
        }

        public Rare Snapshot() => new() { Lapses = Lapses.AsSpan(0, LapseCount).ToArray(), LapseCount = LapseCount, TotalValue = TotalValue, Segment = Segment };
    }
}
