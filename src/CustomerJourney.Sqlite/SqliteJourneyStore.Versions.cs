using CustomerJourney.Storage;

namespace CustomerJourney.Sqlite;

/// <summary>The definition versions of <see cref="SqliteJourneyStore"/>: two columns of <c>journeys</c> and the <c>definitions</c> table.</summary>
public sealed partial class SqliteJourneyStore : IDefinitionVersionStore
{
    /// <inheritdoc />
    public ValueTask<RecordedDefinitionVersion?> GetDefinitionVersionAsync(JourneyKey key, CancellationToken cancellationToken = default) =>
        Translated(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = Open();
            using var command = Command(
                connection,
                null,
                "SELECT definition_version, definition_version_since FROM journeys WHERE definition = $d AND customer = $c AND version > 0 AND definition_version IS NOT NULL;");
            command.Parameters.AddWithValue("$d", key.DefinitionName);
            command.Parameters.AddWithValue("$c", key.CustomerId);
            using var reader = command.ExecuteReader();
            return ValueTask.FromResult(reader.Read() ? new RecordedDefinitionVersion { Version = reader.GetString(0), Since = reader.GetInt64(1) } : null);
        });

    /// <inheritdoc />
    public ValueTask<bool> RecordDefinitionVersionAsync(JourneyKey key, string version, long since, CancellationToken cancellationToken = default) =>
        Translated(() =>
        {
            CheckVersion(version, since);
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = Open();
            using var command = Command(
                connection,
                null,
                """
                UPDATE journeys SET definition_version = $v, definition_version_since = $s
                WHERE definition = $d AND customer = $c AND version > 0 AND definition_version IS NOT $v;
                """);
            command.Parameters.AddWithValue("$d", key.DefinitionName);
            command.Parameters.AddWithValue("$c", key.CustomerId);
            command.Parameters.AddWithValue("$v", version);
            command.Parameters.AddWithValue("$s", since);
            return ValueTask.FromResult(command.ExecuteNonQuery() > 0);
        });

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, long>> CountDefinitionVersionsAsync(string definitionName, CancellationToken cancellationToken = default) =>
        Translated(() =>
        {
            ArgumentNullException.ThrowIfNull(definitionName);
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = Open();
            using var command = Command(
                connection,
                null,
                "SELECT coalesce(definition_version, ''), count(*) FROM journeys WHERE definition = $d AND version > 0 GROUP BY 1;");
            command.Parameters.AddWithValue("$d", definitionName);
            using var reader = command.ExecuteReader();
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            while (reader.Read())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }

            return ValueTask.FromResult<IReadOnlyDictionary<string, long>>(counts);
        });

    /// <inheritdoc />
    public ValueTask SaveDefinitionAsync(string definitionName, string version, string json, CancellationToken cancellationToken = default) =>
        Translated(() =>
        {
            ArgumentNullException.ThrowIfNull(definitionName);
            ArgumentNullException.ThrowIfNull(json);
            CheckVersion(version, 0);
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = Open();
            using var command = Command(connection, null, "INSERT INTO definitions (name, version, json) VALUES ($n, $v, $j) ON CONFLICT (name, version) DO NOTHING;");
            command.Parameters.AddWithValue("$n", definitionName);
            command.Parameters.AddWithValue("$v", version);
            command.Parameters.AddWithValue("$j", json);
            command.ExecuteNonQuery();
            return ValueTask.CompletedTask;
        });

    /// <inheritdoc />
    public ValueTask<string?> LoadDefinitionAsync(string definitionName, string version, CancellationToken cancellationToken = default) =>
        Translated(() =>
        {
            ArgumentNullException.ThrowIfNull(definitionName);
            ArgumentNullException.ThrowIfNull(version);
            cancellationToken.ThrowIfCancellationRequested();
            using var connection = Open();
            using var command = Command(connection, null, "SELECT json FROM definitions WHERE name = $n AND version = $v;");
            command.Parameters.AddWithValue("$n", definitionName);
            command.Parameters.AddWithValue("$v", version);
            return ValueTask.FromResult(command.ExecuteScalar() as string);
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
}
