using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CustomerJourney.Cli;
using CustomerJourney.Cli.Commands;
using CustomerJourney.Engine;
using CustomerJourney.PostgreSql;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;

namespace CustomerJourney.Tests.Storage;

/// <summary><c>journey track --store postgres:CONNSTRING</c>.</summary>
public sealed partial class PostgreSqlTrackCommandTests : IAsyncDisposable
{
    private readonly string _schema = PostgreSqlTestServer.NewSchema();
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"cj-track-pg-{Guid.NewGuid():N}.jsonl");
    private string? _connectionString;

    public async ValueTask DisposeAsync()
    {
        File.Delete(_file);
        if (_connectionString is not null)
        {
            await PostgreSqlTestServer.DropSchemaAsync(_connectionString, _schema);
        }
    }

    [Fact]
    public async Task Track_PostgresStoreTwice_StoresEveryEventOnceAndTheSecondRunFindsOnlyDuplicates()
    {
        _connectionString = PostgreSqlTestServer.ConnectionString();
        var engine = JourneyEngine.Compile(JourneyTemplates.FiveStage);
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Date.AddDays(-10), TimeSpan.Zero);
        var events = Enumerable.Range(0, 300).Select(i => new TouchpointEvent(
            $"e{i}", $"c{i % 40}", engine.Definition.Touchpoints[i % engine.Definition.Touchpoints.Count].Id, start.AddMinutes(i))).ToList();
        File.WriteAllLines(_file, events.Select(e => JsonSerializer.Serialize(e, JsonSerializerOptions.Web)));
        var spec = $"postgres:{_connectionString};Schema={_schema}";

        var first = TrackCommandTests.Run("track", "-d", "five-stage", "-s", spec, "--batch", "64", _file);
        var second = TrackCommandTests.Run("track", "-d", "five-stage", "-s", spec, _file);

        Assert.Equal(JourneyCli.Ok, first.Code);
        Assert.Equal(0, Counts(first.Output)["duplicate"]);
        Assert.Equal(JourneyCli.Ok, second.Code);
        Assert.Equal(300, Counts(second.Output)["duplicate"]);
        await using var store = new PostgreSqlJourneyStore(_connectionString, _schema);
        var stored = 0;
        await foreach (var journey in store.ReadAllAsync("five-stage", TestContext.Current.CancellationToken))
        {
            stored += journey.Events.Count;
        }

        Assert.Equal(300, stored);
    }

    [Fact]
    public void Track_UnreachablePostgres_ReportsAStoreThatCannotBeOpenedWithoutThePassword()
    {
        File.WriteAllLines(_file, []);

        var (code, _, error) = TrackCommandTests.Run("track", "-d", "five-stage", "-s", "postgres:Host=127.0.0.1;Port=1;Username=app;Password=s3cret;Timeout=3", _file);

        Assert.Equal(JourneyCli.StoreFailed, code);
        Assert.Contains("cannot open store", error, StringComparison.Ordinal);
        Assert.Contains("The PostgreSQL store cannot be reached", error, StringComparison.Ordinal);
        Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("s3cret", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres:Host=db;Password=s3cret;Username=app")]
    [InlineData("postgres:Host=db;PWD=s3cret")]
    [InlineData("postgres:Host=db;Password='s3cret;x'")]
    [InlineData("postgres:Host=db;PSW=s3cret")]
    [InlineData("postgres:Host=db;psw=s3cret;Schema=shop")]
    [InlineData("postgres:Host=db;SSL Password=s3cret")]
    [InlineData("postgres:Host=db;Password=a;Password=s3cret")]
    public void Redact_PostgresSpec_HidesThePassword(string spec)
    {
        var redacted = StoreSpec.Redact(spec);

        Assert.DoesNotContain("s3cret", redacted, StringComparison.Ordinal);
        Assert.StartsWith("postgres:", redacted, StringComparison.Ordinal);
        Assert.Contains("db", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres:Host=db;Passwort=s3cret")]
    [InlineData("postgres:Host=db;Password='s3cret")]
    [InlineData("postgres:H/stbird='';SSLd=")] // an unknown keyword with an empty value: Npgsql throws KeyNotFoundException (found by fuzzing)
    public void Redact_UnreadablePostgresSpec_HidesEverything(string spec)
    {
        Assert.Equal("postgres:***", StoreSpec.Redact(spec));
    }

    private static Dictionary<string, long> Counts(string output) =>
        CountLine().Matches(output).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(advanced|stayed|ignored|rejected|duplicate|malformed)\s+([\d,]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex CountLine();
}
