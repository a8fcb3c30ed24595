using CustomerJourney.Storage;
using Npgsql;

namespace CustomerJourney.PostgreSql;

/// <summary>The definition versions of <see cref="PostgreSqlJourneyStore"/>: two columns of <c>journeys</c> and the <c>definitions</c> table.</summary>
public sealed partial class PostgreSqlJourneyStore : IDefinitionVersionStore
{
    /// <inheritdoc />
    public ValueTask<RecordedDefinitionVersion?> GetDefinitionVersionAsync(JourneyKey key, CancellationToken cancellationToken = default) =>
        Typed(async () =>
        {
            CheckKey(key);
            await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                $"SELECT definition_version, definition_version_since FROM {_sql.Schema}.journeys WHERE definition = @d AND customer = @c AND version > 0 AND definition_version IS NOT NULL",
                connection);
            command.Parameters.AddWithValue("d", key.DefinitionName);
            command.Parameters.AddWithValue("c", key.CustomerId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new RecordedDefinitionVersion { Version = reader.GetString(0), Since = reader.GetInt64(1) } : null;
        });

    /// <inheritdoc />
    public ValueTask<bool> RecordDefinitionVersionAsync(JourneyKey key, string version, long since, CancellationToken cancellationToken = default) =>
        Typed(async () =>
        {
            CheckKey(key);
            CheckVersion(version, since);
            await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                $"""
                UPDATE {_sql.Schema}.journeys SET definition_version = @v, definition_version_since = @s
                WHERE definition = @d AND customer = @c AND version > 0 AND definition_version IS DISTINCT FROM @v
                """,
                connection);
            command.Parameters.AddWithValue("d", key.DefinitionName);
            command.Parameters.AddWithValue("c", key.CustomerId);
            command.Parameters.AddWithValue("v", version);
            command.Parameters.AddWithValue("s", since);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        });

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, long>> CountDefinitionVersionsAsync(string definitionName, CancellationToken cancellationToken = default) =>
        Typed<IReadOnlyDictionary<string, long>>(async () =>
        {
            ArgumentNullException.ThrowIfNull(definitionName);
            await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                $"SELECT coalesce(definition_version, ''), count(*) FROM {_sql.Schema}.journeys WHERE definition = @d AND version > 0 GROUP BY 1",
                connection);
            command.Parameters.AddWithValue("d", definitionName);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }

            return counts;
        });

    /// <inheritdoc />
    public async ValueTask SaveDefinitionAsync(string definitionName, string version, string json, CancellationToken cancellationToken = default) =>
        await Typed(async () =>
        {
            ArgumentNullException.ThrowIfNull(definitionName);
            ArgumentNullException.ThrowIfNull(json);
            CheckVersion(version, 0);
            await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                $"INSERT INTO {_sql.Schema}.definitions (name, version, json) VALUES (@n, @v, @j) ON CONFLICT (name, version) DO NOTHING",
                connection);
            command.Parameters.AddWithValue("n", definitionName);
            command.Parameters.AddWithValue("v", version);
            command.Parameters.AddWithValue("j", json);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask<string?> LoadDefinitionAsync(string definitionName, string version, CancellationToken cancellationToken = default) =>
        Typed(async () =>
        {
            ArgumentNullException.ThrowIfNull(definitionName);
            ArgumentNullException.ThrowIfNull(version);
            await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"SELECT json FROM {_sql.Schema}.definitions WHERE name = @n AND version = @v", connection);
            command.Parameters.AddWithValue("n", definitionName);
            command.Parameters.AddWithValue("v", version);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        });

    private static void CheckVersion(string version, long since)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Length is 0 or > IDefinitionVersionStore.MaxVersionLength)
        {
            throw new ArgumentException($"A definition version must have 1 to {IDefinitionVersionStore.MaxVersionLength} characters; '{version}' has {version.Length}.", nameof(version));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(since);
    }

    /// <summary>Runs an operation, turning Npgsql's failures into the library's typed store errors.</summary>
    private static async ValueTask<T> Typed<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && PostgreSqlStoreErrors.Classify(ex) is { } typed && !ReferenceEquals(typed, ex))
        {
            throw typed;
        }
    }
}
