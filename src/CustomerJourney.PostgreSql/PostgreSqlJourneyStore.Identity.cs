using System.Data;
using System.Runtime.CompilerServices;
using CustomerJourney.Storage;
using Npgsql;

namespace CustomerJourney.PostgreSql;

/// <summary>
/// Identity links: the <c>identity_links</c> table (schema version 3), one row per linked id pointing at its group's
/// customer id. Links and erasures take the links' transaction-scoped advisory lock, so they apply one at a time;
/// appends never take it.
/// </summary>
public sealed partial class PostgreSqlJourneyStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One transaction under the links' advisory lock: both ids are resolved, the rule of <see cref="LinkResult.Decide"/>
    /// is applied, and for a link the id's group is re-pointed at the customer, so links never form chains. Events stay
    /// where they were stored; loads and <see cref="ReadAllAsync"/> merge them.
    /// </remarks>
    public async ValueTask<LinkResult> LinkAsync(string id, string customerId, CancellationToken cancellationToken = default)
    {
        LinkedJourneys.CheckIds(id, customerId);
        try
        {
            await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await LockLinksAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var groups = await ResolveAsync(connection, transaction, [id, customerId], cancellationToken).ConfigureAwait(false);
            var from = groups[0].CustomerId;
            var result = LinkResult.Decide(id, from, groups[1].CustomerId);
            if (result.Outcome == LinkOutcome.Linked)
            {
                await using var link = new NpgsqlCommand(
                    $"UPDATE {_sql.Schema}.identity_links SET customer = @to WHERE customer = @from; INSERT INTO {_sql.Schema}.identity_links (id, customer) VALUES (@from, @to)",
                    connection,
                    transaction);
                link.Parameters.AddWithValue("from", from);
                link.Parameters.AddWithValue("to", result.CustomerId);
                await link.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && PostgreSqlStoreErrors.Classify(ex) is { } typed && !ReferenceEquals(typed, ex))
        {
            throw typed;
        }
    }

    /// <inheritdoc />
    /// <remarks>One statement, one round trip, one snapshot.</remarks>
    public async ValueTask<IReadOnlyList<IdentityGroup>> ResolveManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }

        foreach (var id in ids)
        {
            ArgumentNullException.ThrowIfNull(id, nameof(ids));
        }

        try
        {
            await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await ResolveAsync(connection, null, ids, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && PostgreSqlStoreErrors.Classify(ex) is { } typed && !ReferenceEquals(typed, ex))
        {
            throw typed;
        }
    }

    private async Task<IdentityGroup[]> ResolveAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var s = _sql.Schema;
        await using var command = new NpgsqlCommand(
            $"""
            WITH r AS (
                SELECT u.ord, coalesce(l.customer, u.id) AS root
                FROM unnest(@ids::text[]) WITH ORDINALITY AS u(id, ord) LEFT JOIN {s}.identity_links AS l ON l.id = u.id)
            SELECT r.ord, r.root, m.id FROM r LEFT JOIN {s}.identity_links AS m ON m.customer = r.root ORDER BY r.ord
            """,
            connection,
            transaction);
        command.Parameters.Add(TextArray("ids", ids));
        var customers = new string[ids.Count];
        var linked = new List<string>?[ids.Count];
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var index = (int)reader.GetInt64(0) - 1;
                customers[index] = reader.GetString(1);
                if (!reader.IsDBNull(2))
                {
                    (linked[index] ??= []).Add(reader.GetString(2));
                }
            }
        }

        var groups = new IdentityGroup[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            if (linked[i] is not { } members)
            {
                groups[i] = IdentityGroup.Single(customers[i]);
                continue;
            }

            members.Add(customers[i]);
            members.Sort(StringComparer.Ordinal);
            groups[i] = new IdentityGroup { CustomerId = customers[i], Ids = members };
        }

        return groups;
    }

    private async Task LockLinksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('CustomerJourney.PostgreSql.links'), hashtext(@schema))", connection, transaction);
        command.Parameters.AddWithValue("schema", Schema);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Within an erasure: takes the links' lock, resolves the group of <paramref name="customerId"/> and deletes its links; returns every id of the group.</summary>
    private async Task<string[]> UnlinkGroupAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string customerId, CancellationToken cancellationToken)
    {
        await LockLinksAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var group = (await ResolveAsync(connection, transaction, [customerId], cancellationToken).ConfigureAwait(false))[0];
        if (group.IsLinked)
        {
            await using var unlink = new NpgsqlCommand($"DELETE FROM {_sql.Schema}.identity_links WHERE id = ANY(@ids)", connection, transaction);
            unlink.Parameters.Add(TextArray("ids", group.Ids));
            await unlink.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return [.. group.Ids];
    }

    private async Task<bool> HasLinksAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {_sql.Schema}.identity_links)", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// The journeys of a definition merged per identity group (<see cref="LinkedJourneys.Merge"/>), ordered by customer
    /// id; within a group the customer's own journey comes first, then the linked ids' in ordinal order.
    /// </summary>
    private async IAsyncEnumerable<StoredJourney> ReadAllLinkedAsync(NpgsqlConnection connection, string definitionName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var s = _sql.Schema;
        await using var command = new NpgsqlCommand(
            $"""
            SELECT coalesce(l.customer, j.customer) AS root, j.customer, e.event_id, e.touchpoint, e.occurred_at_ticks, e.offset_minutes, e.channel, e.value, e.segment, e.properties
            FROM {s}.journeys AS j LEFT JOIN {s}.identity_links AS l ON l.id = j.customer JOIN {s}.events AS e ON e.journey_id = j.id
            WHERE j.definition = @d ORDER BY root, l.customer IS NOT NULL, j.customer, e.seq
            """,
            connection);
        command.Parameters.AddWithValue("d", definitionName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        string? root = null;
        string? customer = null;
        var members = new List<StoredJourney?>();
        var events = new List<TouchpointEvent>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var rowRoot = reader.GetString(0);
            var rowCustomer = reader.GetString(1);
            if (customer is not null && !string.Equals(customer, rowCustomer, StringComparison.Ordinal))
            {
                members.Add(new StoredJourney { Key = new JourneyKey(definitionName, customer), Version = events.Count, Events = events });
                events = [];
            }

            if (root is not null && !string.Equals(root, rowRoot, StringComparison.Ordinal))
            {
                if (LinkedJourneys.Merge(new JourneyKey(definitionName, root), members) is { } merged)
                {
                    yield return merged;
                }

                members.Clear();
            }

            root = rowRoot;
            customer = rowCustomer;
            events.Add(ReadEvent(reader, 2, rowCustomer));
        }

        if (customer is not null)
        {
            members.Add(new StoredJourney { Key = new JourneyKey(definitionName, customer), Version = events.Count, Events = events });
            if (LinkedJourneys.Merge(new JourneyKey(definitionName, root!), members) is { } last)
            {
                yield return last;
            }
        }
    }
}
