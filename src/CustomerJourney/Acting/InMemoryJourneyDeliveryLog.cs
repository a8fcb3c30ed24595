namespace CustomerJourney.Acting;

/// <summary>
/// A delivery log in process memory, for the in-memory store: handlers still run after events are tracked, with retries
/// and parking, but nothing survives the process (a crash loses what was not delivered yet). Thread-safe.
/// </summary>
public sealed class InMemoryJourneyDeliveryLog : IJourneyDeliveryLog
{
    private readonly object _gate = new();
    private readonly SortedDictionary<long, Row> _rows = [];
    private readonly HashSet<(long Position, string Handler)> _recorded = [];
    private readonly Dictionary<JourneyKey, long> _timers = [];
    private long _checkpoint;
    private long _nextId;

    /// <inheritdoc />
    public bool IsDurable => false;

    /// <summary>Nothing to release.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask<long> ReadCheckpointAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_checkpoint);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> CommitAsync(long expected, long checkpoint, IReadOnlyList<NewDelivery> deliveries, IReadOnlyList<JourneyTimer> timers, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        ArgumentNullException.ThrowIfNull(timers);
        lock (_gate)
        {
            if (_checkpoint != expected)
            {
                return ValueTask.FromResult(false);
            }

            _checkpoint = checkpoint;
            foreach (var delivery in deliveries)
            {
                if (_recorded.Add((delivery.Transition.Position, delivery.Handler)))
                {
                    var id = ++_nextId;
                    _rows[id] = new Row(delivery.Handler, delivery.Transition) { NextTicks = now.UtcTicks };
                }
            }

            foreach (var timer in timers)
            {
                if (timer.DueAt is { } due)
                {
                    _timers[timer.Key] = due.UtcTicks;
                }
                else
                {
                    _timers.Remove(timer.Key);
                }
            }

            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JourneyDelivery>> ClaimAsync(string owner, int limit, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var claimed = new List<JourneyDelivery>();
        lock (_gate)
        {
            foreach (var (id, row) in _rows)
            {
                if (claimed.Count >= limit)
                {
                    break;
                }

                if (row.State == DeliveryState.Pending && row.NextTicks <= now.UtcTicks && (row.Owner is null || row.LeaseTicks < now.UtcTicks))
                {
                    row.Owner = owner;
                    row.LeaseTicks = (now + lease).UtcTicks;
                    claimed.Add(row.ToDelivery(id));
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<JourneyDelivery>>(claimed);
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(string owner, IReadOnlyList<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_gate)
        {
            foreach (var id in ids)
            {
                if (_rows.TryGetValue(id, out var row) && row.Owner == owner)
                {
                    _rows.Remove(id);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask FailAsync(string owner, long id, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_rows.TryGetValue(id, out var row) && row.Owner == owner)
            {
                row.Attempts++;
                row.Error = error;
                row.Owner = null;
                row.State = retryAt is null ? DeliveryState.Parked : DeliveryState.Pending;
                row.NextTicks = (retryAt ?? now).UtcTicks;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JourneyTimer>> DueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<JourneyTimer> due = _timers.Where(t => t.Value <= now.UtcTicks).OrderBy(t => t.Value).Take(limit)
                .Select(t => new JourneyTimer { Key = t.Key, DueAt = new DateTimeOffset(t.Value, TimeSpan.Zero) }).ToList();
            return ValueTask.FromResult(due);
        }
    }

    /// <inheritdoc />
    public ValueTask ClearTimerAsync(JourneyKey key, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_timers.TryGetValue(key, out var ticks) && ticks == dueAt.UtcTicks)
            {
                _timers.Remove(key);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var next = long.MaxValue;
            foreach (var row in _rows.Values)
            {
                if (row.State == DeliveryState.Pending)
                {
                    next = Math.Min(next, row.Owner is null ? row.NextTicks : Math.Max(row.NextTicks, row.LeaseTicks));
                }
            }

            foreach (var ticks in _timers.Values)
            {
                next = Math.Min(next, ticks);
            }

            return ValueTask.FromResult<DateTimeOffset?>(next == long.MaxValue ? null : new DateTimeOffset(next, TimeSpan.Zero));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JourneyDelivery>> ListAsync(bool parkedOnly, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<JourneyDelivery> list = _rows.Where(r => !parkedOnly || r.Value.State == DeliveryState.Parked).Take(limit).Select(r => r.Value.ToDelivery(r.Key)).ToList();
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(id, out var row))
            {
                return ValueTask.FromResult(false);
            }

            row.State = DeliveryState.Pending;
            row.Attempts = 0;
            row.Owner = null;
            row.NextTicks = now.UtcTicks;
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<DeliveryCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var pending = _rows.Values.LongCount(r => r.State == DeliveryState.Pending);
            DateTimeOffset? oldest = _timers.Count == 0 ? null : new DateTimeOffset(_timers.Values.Min(), TimeSpan.Zero);
            return ValueTask.FromResult(new DeliveryCounts { Pending = pending, Parked = _rows.Count - pending, Checkpoint = _checkpoint, OldestTimer = oldest });
        }
    }

    /// <summary>Removes a customer's deliveries and timers (their store erased them).</summary>
    internal void EraseCustomer(string customerId)
    {
        lock (_gate)
        {
            foreach (var id in _rows.Where(r => r.Value.Transition.Key.CustomerId == customerId).Select(r => r.Key).ToList())
            {
                _rows.Remove(id);
            }

            foreach (var key in _timers.Keys.Where(k => k.CustomerId == customerId).ToList())
            {
                _timers.Remove(key);
            }
        }
    }

    private sealed class Row(string handler, JourneyTransition transition)
    {
        public string Handler { get; } = handler;

        public JourneyTransition Transition { get; } = transition;

        public DeliveryState State { get; set; }

        public int Attempts { get; set; }

        public long NextTicks { get; set; }

        public string? Owner { get; set; }

        public long LeaseTicks { get; set; }

        public string? Error { get; set; }

        public JourneyDelivery ToDelivery(long id) => new()
        {
            Id = id,
            Handler = Handler,
            Transition = Transition with { DeliveryId = DeliveryIds.Of(Transition.Position, Handler), Attempt = Attempts + 1 },
            State = State,
            Attempts = Attempts,
            NextAttemptAt = new DateTimeOffset(NextTicks, TimeSpan.Zero),
            LastError = Error,
        };
    }
}
