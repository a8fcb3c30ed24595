using System.Text.Json;
using CustomerJourney.Cli;
using CustomerJourney.PostgreSql;
using CustomerJourney.Sqlite;
using CustomerJourney.Storage;
using CustomerJourney.Tests.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CustomerJourney.Tests.Cli;

/// <summary>
/// Stores that fail under the CLI: a damaged SQLite file, a read-only one, an unreachable or dropped PostgreSQL server.
/// Each ends with exit code 3 and one line saying what happened and what to do; no stack trace.
/// </summary>
public sealed class StoreFailureCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-store-fail-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("funnel")]
    [InlineData("paths")]
    [InlineData("predict")]
    [InlineData("report")]
    [InlineData("track")]
    public void Command_OnDamagedSqlitePages_Exits3SayingTheStoreIsDamaged(string command)
    {
        var db = TrackedStore();
        Damage(db, headerToo: false);

        var (code, _, error) = Run(command, db);

        Assert.Equal(JourneyCli.StoreFailed, code);
        AssertOneLine(error);
        Assert.Contains("The SQLite store is damaged: database disk image is malformed (SQLite error 11)", error, StringComparison.Ordinal);
        Assert.Contains("sqlite3 FILE .recover", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Track_OnSqliteFileWithDamagedHeader_Exits3()
    {
        var db = TrackedStore();
        Damage(db, headerToo: true);

        var (code, _, error) = Run("track", db);

        Assert.Equal(JourneyCli.StoreFailed, code);
        AssertOneLine(error);
        Assert.Contains("The SQLite store is damaged", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Track_IntoReadOnlySqliteDatabase_Exits3KeepingWhatWasThere()
    {
        var db = TrackedStore();
        var before = File.ReadAllBytes(db);
        var events = WriteEvents("more.jsonl", 10, "x");

        // SQLite's read-only mode: file permissions do not stop root, which runs these tests
        var (code, _, error) = CliDefinitionTests.Run("track", "-d", "five-stage", "-s", $"sqlite:file:{db}?mode=ro", events);

        Assert.Equal(JourneyCli.StoreFailed, code);
        AssertOneLine(error);
        Assert.Contains("The SQLite store cannot be written: attempt to write a readonly database (SQLite error 8)", error, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(db));
    }

    [Fact]
    public void Track_UnreachablePostgresWithPswSynonym_Exits3WithoutThePassword()
    {
        var events = WriteEvents("one.jsonl", 1, "p");

        var (code, _, error) = CliDefinitionTests.Run("track", "-d", "five-stage", "-s", "postgres:Host=127.0.0.1;Port=1;Username=app;PSW=hunter2secret;Timeout=3", events);

        Assert.Equal(JourneyCli.StoreFailed, code);
        AssertOneLine(error);
        Assert.Contains("Password=***", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2secret", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres:H/stbird='';SSLd=")]
    public void Track_PostgresSpecWithUnknownEmptyKeyword_Exits2WithoutACrash(string spec)
    {
        var events = WriteEvents("one.jsonl", 1, "k");

        var (code, _, error) = CliDefinitionTests.Run("track", "-d", "five-stage", "-s", spec, events);

        Assert.Equal(JourneyCli.Unreadable, code);
        AssertOneLine(error);
        Assert.Equal("error: cannot open store 'postgres:***': The connection string has a keyword Npgsql does not know.", error.TrimEnd());
    }

    [Fact]
    public async Task PostgresDeliveryLog_ServerUnreachable_ThrowsTheTypedUnavailableFailure_FromEveryOperation()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = new PostgreSqlJourneyStore("Host=127.0.0.1;Port=1;Timeout=2;Pooling=false", "cj_unreachable");
        await using var log = store.OpenDeliveryLog();
        var now = DateTimeOffset.UnixEpoch;
        Func<Task>[] operations =
        [
            () => log.ReadCheckpointAsync(ct).AsTask(),
            () => log.CommitAsync(0, 1, [], [], now, ct).AsTask(),
            () => log.ClaimAsync("me", 10, now, TimeSpan.FromMinutes(1), ct).AsTask(),
            () => log.CompleteAsync("me", [1], ct).AsTask(),
            () => log.FailAsync("me", 1, "down", null, now, ct).AsTask(),
            () => log.DueTimersAsync(now, 10, ct).AsTask(),
            () => log.ClearTimerAsync(new JourneyKey("five-stage", "c1"), now, ct).AsTask(),
            () => log.NextDueAsync(ct).AsTask(),
            () => log.ListAsync(parkedOnly: true, 10, ct).AsTask(),
            () => log.RetryAsync(1, now, ct).AsTask(),
            () => log.CountAsync(ct).AsTask(),
        ];

        foreach (var operation in operations)
        {
            var failure = await Assert.ThrowsAsync<JourneyStoreUnavailableException>(operation);
            Assert.IsAssignableFrom<NpgsqlException>(failure.InnerException);
        }
    }

    [Fact]
    public async Task PostgresStore_ConnectionDroppedMidRun_IsClassifiedUnavailableWithTheDriverInside()
    {
        var connectionString = PostgreSqlTestServer.ConnectionString();
        var schema = PostgreSqlTestServer.NewSchema();
        var application = "cj-drop-" + Guid.NewGuid().ToString("N")[..8];
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await using var store = new PostgreSqlJourneyStore($"{connectionString};Application Name={application}", schema);
            var key = new JourneyKey("five-stage", "c1");
            await store.AppendAsync(key, 0, [new TouchpointEvent("e1", "c1", "search-ad", DateTimeOffset.UtcNow.AddMinutes(-1))], ct);

            await PostgreSqlTestServer.ScalarAsync(connectionString, $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{application}'");
            var thrown = await Record.ExceptionAsync(async () => await store.LoadAsync(key, ct));

            Assert.NotNull(thrown);
            var failure = Assert.IsType<JourneyStoreUnavailableException>(PostgreSqlStoreErrors.Classify(thrown));
            Assert.IsAssignableFrom<NpgsqlException>(failure.InnerException);
            Assert.StartsWith("The PostgreSQL store cannot be reached: ", failure.Message, StringComparison.Ordinal);
            Assert.Same(failure.GetType(), StoreFailures.Classify(thrown)!.GetType());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgreSqlTestServer.DropSchemaAsync(connectionString, schema);
        }
    }

    [Theory]
    [InlineData(11, typeof(JourneyStoreCorruptException))]
    [InlineData(26, typeof(JourneyStoreCorruptException))]
    [InlineData(8, typeof(JourneyStoreUnavailableException))]
    [InlineData(14, typeof(JourneyStoreUnavailableException))]
    [InlineData(13, typeof(JourneyStoreUnavailableException))]
    [InlineData(5, typeof(JourneyStoreUnavailableException))]
    [InlineData(1 | (4 << 8), null)]
    [InlineData(19, null)]
    public void SqliteStoreErrors_Classify_ByPrimaryResultCode(int code, Type? expected)
    {
        var driver = new SqliteException("SQLite Error: 'x'.", code);

        var failure = SqliteStoreErrors.Classify(new InvalidOperationException("wrapped", driver));

        Assert.Equal(expected, failure?.GetType());
        if (failure is not null)
        {
            Assert.Same(driver, failure.InnerException);
        }
    }

    [Theory]
    [InlineData("XX001", typeof(JourneyStoreCorruptException))]
    [InlineData("XX002", typeof(JourneyStoreCorruptException))]
    [InlineData("57P01", typeof(JourneyStoreUnavailableException))]
    [InlineData("08006", typeof(JourneyStoreUnavailableException))]
    [InlineData("53100", typeof(JourneyStoreUnavailableException))]
    [InlineData("23505", null)]
    public void PostgreSqlStoreErrors_Classify_BySqlState(string state, Type? expected)
    {
        var driver = new PostgresException("message", "FATAL", "FATAL", state);

        Assert.Equal(expected, PostgreSqlStoreErrors.Classify(driver)?.GetType());
    }

    private static void AssertOneLine(string error)
    {
        Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    private (int Code, string Output, string Error) Run(string command, string db) => command switch
    {
        "track" => CliDefinitionTests.Run("track", "-d", "five-stage", "-s", $"sqlite:{db}", WriteEvents("again.jsonl", 50, "y")),
        "report" => CliDefinitionTests.Run("report", "-d", "five-stage", "-s", $"sqlite:{db}", "-o", Path.Combine(_directory, "r.html")),
        _ => CliDefinitionTests.Run(command, "-d", "five-stage", "-s", $"sqlite:{db}"),
    };

    [Fact]
    public async Task SqliteStore_DamagedFile_ThrowsTheTypedCorruptError_WithSqlitesInside()
    {
        var db = TrackedStore();
        Damage(db, headerToo: false);

        var error = await Assert.ThrowsAnyAsync<JourneyStoreException>(async () =>
        {
            await using var store = new CustomerJourney.Sqlite.SqliteJourneyStore(db);
            await foreach (var _ in store.ReadAllAsync("five-stage"))
            {
            }

            for (var i = 0; i < 3000; i++)
            {
                await store.LoadAsync(new JourneyKey("five-stage", $"c{i % 300}"));
            }

            await store.ReadSinceAsync(0, 100_000);
        });

        Assert.IsType<JourneyStoreCorruptException>(error);
        Assert.IsType<SqliteException>(error.InnerException);
    }

    private string TrackedStore()
    {
        var db = Path.Combine(_directory, "journeys.db");
        var (code, _, error) = CliDefinitionTests.Run("track", "-d", "five-stage", "-s", $"sqlite:{db}", WriteEvents("events.jsonl", 3000, "c"));
        Assert.True(code == JourneyCli.Ok, error);
        SqliteConnection.ClearAllPools();
        return db;
    }

    /// <summary>Overwrites most of every third page after the first (and the file header when asked) with 0xFF bytes.</summary>
    private static void Damage(string db, bool headerToo)
    {
        using var file = new FileStream(db, FileMode.Open, FileAccess.ReadWrite);
        var pages = file.Length / 4096;
        Assert.True(pages > 10, $"the store has only {pages} pages");
        var garbage = Enumerable.Repeat((byte)0xFF, 3000).ToArray();
        for (var page = 2L; page < pages; page += 3)
        {
            file.Position = (page * 4096) + 100;
            file.Write(garbage);
        }

        if (headerToo)
        {
            file.Position = 0;
            file.Write(garbage.AsSpan(0, 100));
        }
    }

    private string WriteEvents(string name, int count, string prefix)
    {
        string[] touchpoints = ["search-ad", "web-shop-checkout", "newsletter"];
        var path = Path.Combine(_directory, name);
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(i => JsonSerializer.Serialize(new
        {
            eventId = $"{prefix}{i}",
            customerId = $"{prefix}{i % 700}",
            touchpoint = touchpoints[i % 3],
            occurredAt = new DateTimeOffset(2025, 6, 1 + (i % 28), 10, i % 60, 0, TimeSpan.Zero),
        })));
        return path;
    }
}
