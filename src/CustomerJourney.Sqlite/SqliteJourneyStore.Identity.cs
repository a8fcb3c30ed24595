using System.Text;
using System.Text.Json;
using CustomerJourney.Storage;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Sqlite;

/// <summary>Identity links: the <c>identity_links</c> table, one row per linked id pointing at its group's customer id.</summary>
public sealed partial class SqliteJourneyStore
{
    /// <inheritdoc />
    /// <remarks>
    /// One <c>BEGIN IMMEDIATE</c> transaction: both ids are resolved under the write lock, the rule of
    /// <see cref="LinkResult.Decide"/> is applied, and for a link the id's group is re-pointed at the customer, so that
    /// links never form chains. Events stay where they were stored; loads and <see cref="ReadAllAsync"/> merge them.
    /// </remarks>
    public ValueTask<LinkResult> LinkAsync(string id, string customerId, CancellationToken cancellationToken = default) =>
        Translated(() =>
        {
            LinkedJourneys.CheckIds(id, customerId);
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            var from = Resolve(connection, transaction, id).CustomerId;
            var result = LinkResult.Decide(id, from, Resolve(connection, transaction, customerId).CustomerId);
            if (result.Outcome == LinkOutcome.Linked)
            {
                using var link = Command(
                    connection,
                    transaction,
                    "UPDATE identity_links SET customer = $to WHERE customer = $from; INSERT INTO identity_links (id, customer) VALUES ($from, $to);");
                link.Parameters.AddWithValue("$from", from);
                link.Parameters.AddWithValue("$to", result.CustomerId);
                link.ExecuteNonQuery();
            }

            transaction.Commit();
            return ValueTask.FromResult(result);
        });

    /// <inheritdoc />
    /// <remarks>All the ids are resolved in one read transaction (one consistent snapshot).</remarks>
    public ValueTask<IReadOnlyList<IdentityGroup>> ResolveManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        Translated(() =>
        {
            ArgumentNullException.ThrowIfNull(ids);
            cancellationToken.ThrowIfCancellationRequested();
            var groups = new IdentityGroup[ids.Count];
            if (ids.Count == 0)
            {
                return ValueTask.FromResult<IReadOnlyList<IdentityGroup>>(groups);
            }

            using var connection = Open();
            using var transaction = connection.BeginTransaction(deferred: true);
            var linked = HasLinks(connection, transaction);
            for (var i = 0; i < ids.Count; i++)
            {
                var id = ids[i] ?? throw new ArgumentException("The ids must not contain null.", nameof(ids));
                groups[i] = linked ? Resolve(connection, transaction, id) : IdentityGroup.Single(id);
            }

            transaction.Commit();
            return ValueTask.FromResult<IReadOnlyList<IdentityGroup>>(groups);
        });

    /// <summary>The group of <paramref name="id"/>, read inside <paramref name="transaction"/>.</summary>
    private static IdentityGroup Resolve(SqliteConnection connection, SqliteTransaction transaction, string id)
    {
        using var command = Command(
            connection,
            transaction,
            "SELECT coalesce((SELECT customer FROM identity_links WHERE id = $i), $i); ");
        command.Parameters.AddWithValue("$i", id);
        var customer = (string)command.ExecuteScalar()!;
        command.CommandText = "SELECT id FROM identity_links WHERE customer = $c;";
        command.Parameters.Clear();
        command.Parameters.AddWithValue("$c", customer);
        var ids = new List<string> { customer };
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        if (ids.Count == 1)
        {
            return IdentityGroup.Single(customer);
        }

        ids.Sort(StringComparer.Ordinal);
        return new IdentityGroup { CustomerId = customer, Ids = ids };
    }

    private static bool HasLinks(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = Command(connection, transaction, "SELECT EXISTS (SELECT 1 FROM identity_links);");
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>
    /// The journeys of a definition merged per identity group (<see cref="LinkedJourneys.Merge"/>), ordered by customer
    /// id: journeys ordered by their customer id, the customer's own first, then the linked ids' in ordinal order.
    /// </summary>
    private static IEnumerable<StoredJourney> ReadAllLinked(SqliteConnection connection, SqliteTransaction transaction, string definitionName, CancellationToken cancellationToken)
    {
        using var journeys = Command(
            connection,
            transaction,
            "SELECT j.id, j.customer, j.version, coalesce(l.customer, j.customer) AS root FROM journeys AS j LEFT JOIN identity_links AS l ON l.id = j.customer "
            + "WHERE j.definition = $d AND j.version > 0 ORDER BY root, l.customer IS NOT NULL, j.customer;");
        journeys.Parameters.AddWithValue("$d", definitionName);
        using var eventsOf = Command(connection, transaction, LoadEventsSql);
        var journey = eventsOf.Parameters.Add("$j", SqliteType.Integer);
        string? root = null;
        var members = new List<StoredJourney?>();
        using var reader = journeys.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var customer = reader.GetString(1);
            var rowRoot = reader.GetString(3);
            if (root is not null && !string.Equals(root, rowRoot, StringComparison.Ordinal))
            {
                if (Merged(definitionName, root, members) is { } merged)
                {
                    yield return merged;
                }

                members.Clear();
            }

            root = rowRoot;
            journey.Value = reader.GetInt64(0);
            var events = new List<TouchpointEvent>();
            using (var rows = eventsOf.ExecuteReader())
            {
                while (rows.Read())
                {
                    events.Add(ReadEvent(rows, 0, customer));
                }
            }

            members.Add(new StoredJourney { Key = new JourneyKey(definitionName, customer), Version = reader.GetInt64(2), Events = events });
        }

        if (root is not null && Merged(definitionName, root, members) is { } last)
        {
            yield return last;
        }
    }

    private static StoredJourney? Merged(string definitionName, string customer, List<StoredJourney?> members)
    {
        if (members.Count == 1 && members[0] is { } only && string.Equals(only.Key.CustomerId, customer, StringComparison.Ordinal))
        {
            return only.Events.Count == 0 ? null : only; // a customer with no linked journey here: as stored
        }

        return LinkedJourneys.Merge(new JourneyKey(definitionName, customer), members);
    }

    private static string IdsJson(IReadOnlyList<string> ids)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var id in ids)
            {
                json.WriteStringValue(id);
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
