
namespace CustomerJourney.Storage;

/// <summary>
/// Where journeys live durably: an append-only event stream per journey with optimistic concurrency and
/// exact-once events. Every implementation must pass the same contract test suite.
/// </summary>
/// <remarks>
/// Guarantees every store gives: an append with a stale expected version writes nothing and reports
/// <see cref="AppendStatus.Conflict"/>; an event whose id the journey already holds is never stored twice; an append
/// is atomic (all of its new events or none); stores copy the events they are given and never retain the list.
/// A store owns what it opened (connections, files, data sources it created): whoever creates a store disposes it,
/// and disposing it twice is harmless. Stores registered in a DI container should implement <see cref="IDisposable"/>
/// as well, since a container disposed synchronously refuses services that are only asynchronously disposable.
/// </remarks>
public interface IJourneyStore : IAsyncDisposable
{
    /// <summary>Loads a journey's events.</summary>
    /// <param name="key">The journey.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The stored journey, or <see langword="null"/> when it holds no events.</returns>
    ValueTask<StoredJourney?> LoadAsync(JourneyKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads many journeys at once (a store may read them in one round trip or transaction). The default loads one
    /// journey at a time.
    /// </summary>
    /// <param name="keys">The journeys.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>One result per key, in order: the stored journey, or <see langword="null"/> when it holds no events.</returns>
    async ValueTask<IReadOnlyList<StoredJourney?>> LoadManyAsync(IReadOnlyList<JourneyKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var results = new StoredJourney?[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            results[i] = await LoadAsync(keys[i], cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>
    /// Appends events to a journey if its version is <paramref name="expectedVersion"/>. Events whose id the journey
    /// already holds (or that repeat within <paramref name="events"/>) are skipped and reported as duplicates.
    /// </summary>
    /// <param name="key">The journey.</param>
    /// <param name="expectedVersion">The version the caller last saw (0 for a new journey).</param>
    /// <param name="events">The events; all must belong to <paramref name="key"/>'s customer.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>Whether the events were written, and the new version.</returns>
    ValueTask<AppendResult> AppendAsync(JourneyKey key, long expectedVersion, IReadOnlyList<TouchpointEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends to many journeys at once; each append is checked and applied as <see cref="AppendAsync"/> would, and a
    /// store may commit them all in one transaction. The default appends one journey at a time.
    /// </summary>
    /// <param name="appends">The appends.</param>
    /// <param name="cancellationToken">Cancels the batch.</param>
    /// <returns>One result per append, in order.</returns>
    async ValueTask<IReadOnlyList<AppendResult>> AppendManyAsync(IReadOnlyList<JourneyAppend> appends, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        var results = new AppendResult[appends.Count];
        for (var i = 0; i < appends.Count; i++)
        {
            results[i] = await AppendAsync(appends[i].Key, appends[i].ExpectedVersion, appends[i].Events, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>
    /// Reads the store's change feed: the stored events whose position is greater than <paramref name="position"/>, in
    /// position order, at most <paramref name="limit"/> of them. Page through the whole log by passing the last returned
    /// event's position back in; an empty page means the reader has caught up (for now).
    /// </summary>
    /// <remarks>
    /// Every store that implements the feed promises it never skips a committed event: once a page has returned an event
    /// at position <c>N</c>, no event at a position at or below <c>N</c> becomes visible later (positions are allocated in
    /// commit order), so a reader that resumes after <c>N</c> sees every event exactly once (erased events excepted).
    /// The default implementation throws <see cref="NotSupportedException"/>; the built-in stores all implement it.
    /// </remarks>
    /// <param name="position">The position after which to read; 0 reads from the start of the log.</param>
    /// <param name="limit">The most events to return (1 to 100,000).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events after <paramref name="position"/>, in increasing position order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is negative or <paramref name="limit"/> is out of range.</exception>
    /// <exception cref="NotSupportedException">The store keeps no global log.</exception>
    ValueTask<IReadOnlyList<StoredEvent>> ReadSinceAsync(long position, int limit, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} keeps no change feed.");

    /// <summary>Streams every journey of a definition, for analytics.</summary>
    /// <remarks>
    /// A store that keeps identity links (<see cref="LinkAsync"/>) yields the journeys of linked ids as one journey under
    /// their customer id, merged as <see cref="LinkedJourneys.Merge"/> does (its version is then its number of events).
    /// </remarks>
    /// <param name="definitionName">The journey definition's name.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The journeys, in no particular order.</returns>
    IAsyncEnumerable<StoredJourney> ReadAllAsync(string definitionName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases every journey and event of a customer, on every definition (the right to be forgotten). With identity
    /// links, erasing any id of a group erases every id of it: their journeys, events and links.
    /// </summary>
    /// <param name="customerId">The customer.</param>
    /// <param name="cancellationToken">Cancels the erasure.</param>
    /// <returns>The number of journeys erased.</returns>
    ValueTask<int> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Links <paramref name="id"/> (an anonymous, device or other id) to the customer <paramref name="customerId"/>,
    /// durably: from then on both are one customer, whose journeys are the merge of every linked id's events. The rule
    /// is <see cref="LinkResult.Decide"/>: links point at the group's customer id (chains are followed, never stored), an
    /// id already linked to another customer is a conflict that changes nothing, and linking a customer id merges its
    /// whole group into the other customer. Stored events are never moved or rewritten.
    /// </summary>
    /// <remarks>The default implementation throws <see cref="NotSupportedException"/>; the built-in stores all implement it.</remarks>
    /// <param name="id">The id to link.</param>
    /// <param name="customerId">The customer to link it to (an id linked to a customer stands for that customer).</param>
    /// <param name="cancellationToken">Cancels the link.</param>
    /// <returns>What the link did.</returns>
    /// <exception cref="ArgumentException">An id is <see langword="null"/> or empty.</exception>
    /// <exception cref="NotSupportedException">The store keeps no identity links.</exception>
    ValueTask<LinkResult> LinkAsync(string id, string customerId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} keeps no identity links.");

    /// <summary>The identity groups of many ids: the customer id each resolves to and every id linked with it.</summary>
    /// <remarks>The default implementation (a store without links) returns a group of one per id.</remarks>
    /// <param name="ids">The ids.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>One group per id, in order.</returns>
    ValueTask<IReadOnlyList<IdentityGroup>> ResolveManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IReadOnlyList<IdentityGroup>>(ids.Select(IdentityGroup.Single).ToArray());
    }

    /// <summary>The identity group of one id (see <see cref="ResolveManyAsync"/>).</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The customer id <paramref name="id"/> resolves to and every id linked with it.</returns>
    async ValueTask<IdentityGroup> ResolveAsync(string id, CancellationToken cancellationToken = default) =>
        (await ResolveManyAsync([id], cancellationToken).ConfigureAwait(false))[0];
}
