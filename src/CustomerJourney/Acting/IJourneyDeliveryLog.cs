namespace CustomerJourney.Acting;

/// <summary>
/// The dispatcher's durable state, kept in the store's own database: how far the change feed has been turned into
/// deliveries (the checkpoint), the deliveries owed to handlers (pending or parked, with attempts and errors), and each
/// journey's next inactivity lapse. Every operation is safe against several dispatchers on one database.
/// </summary>
public interface IJourneyDeliveryLog : IAsyncDisposable
{
    /// <summary>Whether the log survives the process (a database) or not (memory).</summary>
    bool IsDurable { get; }

    /// <summary>The position in the store's log up to which transitions have been derived (0 at first).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoint.</returns>
    ValueTask<long> ReadCheckpointAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically moves the checkpoint from <paramref name="expected"/> to <paramref name="checkpoint"/>, records the
    /// deliveries derived from the events in between (a delivery already recorded for the same transition and handler is
    /// kept as it is) and sets the journeys' timers. Writes nothing when the checkpoint is no longer
    /// <paramref name="expected"/> (another dispatcher got there first).
    /// </summary>
    /// <param name="expected">The checkpoint the deliveries were derived from.</param>
    /// <param name="checkpoint">The new checkpoint: the position of the last event derived.</param>
    /// <param name="deliveries">The new deliveries, due at once.</param>
    /// <param name="timers">The timers to set or remove.</param>
    /// <param name="now">The current time (the deliveries' first due time).</param>
    /// <param name="cancellationToken">Cancels the commit.</param>
    /// <returns>Whether the commit happened.</returns>
    ValueTask<bool> CommitAsync(long expected, long checkpoint, IReadOnlyList<NewDelivery> deliveries, IReadOnlyList<JourneyTimer> timers, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="limit"/> pending deliveries that are due and not leased by another owner, in id order,
    /// leasing them to <paramref name="owner"/> until <paramref name="now"/> + <paramref name="lease"/>. While its lease
    /// lasts, no other owner can claim a delivery.
    /// </summary>
    /// <param name="owner">The claiming dispatcher's id.</param>
    /// <param name="limit">The most deliveries to claim.</param>
    /// <param name="now">The current time.</param>
    /// <param name="lease">How long the claim lasts.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>The claimed deliveries.</returns>
    ValueTask<IReadOnlyList<JourneyDelivery>> ClaimAsync(string owner, int limit, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Removes delivered deliveries (those still leased by <paramref name="owner"/>).</summary>
    /// <param name="owner">The dispatcher that delivered them.</param>
    /// <param name="ids">The deliveries.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task.</returns>
    ValueTask CompleteAsync(string owner, IReadOnlyList<long> ids, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt: the delivery is retried at <paramref name="retryAt"/>, or parked when it is <see langword="null"/>.</summary>
    /// <param name="owner">The dispatcher that attempted it.</param>
    /// <param name="id">The delivery.</param>
    /// <param name="error">What went wrong.</param>
    /// <param name="retryAt">When to try again; <see langword="null"/> parks the delivery.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task.</returns>
    ValueTask FailAsync(string owner, long id, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The timers due at <paramref name="now"/>, earliest first.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="limit">The most timers to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The due timers.</returns>
    ValueTask<IReadOnlyList<JourneyTimer>> DueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Removes a journey's timer if it is still due at <paramref name="dueAt"/> (a newer due time is kept).</summary>
    /// <param name="key">The journey.</param>
    /// <param name="dueAt">The due time handled.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task.</returns>
    ValueTask ClearTimerAsync(JourneyKey key, DateTimeOffset dueAt, CancellationToken cancellationToken = default);

    /// <summary>The earliest time something becomes due: a pending delivery's next attempt, a lease's end, or a timer.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The time, or <see langword="null"/> when nothing waits.</returns>
    ValueTask<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists deliveries in id order: every one still owed, or only the parked ones.</summary>
    /// <param name="parkedOnly">Only parked deliveries.</param>
    /// <param name="limit">The most to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The deliveries.</returns>
    ValueTask<IReadOnlyList<JourneyDelivery>> ListAsync(bool parkedOnly, int limit, CancellationToken cancellationToken = default);

    /// <summary>Re-drives a delivery: makes it pending and due at <paramref name="now"/>, with a fresh count of attempts.</summary>
    /// <param name="id">The delivery.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns><see langword="false"/> when no such delivery is owed.</returns>
    ValueTask<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Counts the pending and parked deliveries and finds the oldest timer.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counts.</returns>
    ValueTask<DeliveryCounts> CountAsync(CancellationToken cancellationToken = default);
}
