using Npgsql;

namespace CustomerJourney.Tests.Storage;

/// <summary>
/// The PostgreSQL server of the tests: the connection string in <c>CJ_TEST_POSTGRES</c>. Without it the tests are
/// skipped, except under <c>CI=true</c>, where a missing server fails them.
/// </summary>
internal static class PostgreSqlTestServer
{
    public const string Variable = "CJ_TEST_POSTGRES";

    private const string HowToRun =
        "PostgreSQL tests need a server: set CJ_TEST_POSTGRES to an Npgsql connection string "
        + "(e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres), or run `sudo bash .ci/test` on Debian/Ubuntu "
        + "with the postgresql package installed, which starts a private throwaway server.";

    /// <summary>The connection string; skips the test (fails it under CI=true) when there is none.</summary>
    public static string ConnectionString()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI=true but no PostgreSQL server is configured. " + HowToRun);
        }

        Assert.Skip(HowToRun);
        return null!;
    }

    /// <summary>A fresh, random schema name for one test.</summary>
    public static string NewSchema() => "cj_test_" + Guid.NewGuid().ToString("N")[..20];

    public static async Task DropSchemaAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
