using System.Globalization;
using CustomerJourney.Cli;
using CustomerJourney.Cli.Commands;
using CustomerJourney.Sqlite;
using Microsoft.Data.Sqlite;

namespace CustomerJourney.Tests.Storage;

/// <summary>The ingestion rules of <c>journey track</c> (field counts, line length, times) and <c>journey generate</c>.</summary>
public sealed class TrackCommandIngestionTests : IDisposable
{
    private const string CsvHeader = "event_id,customer_id,touchpoint,occurred_at,channel,value,segment";
    private readonly string _directory = Directory.CreateTempSubdirectory("cj-ingest-").FullName;

    private string Database => Path.Combine(_directory, "journeys.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Track_CsvRowWithMoreFieldsThanTheHeader_IsMalformed_AndTheOthersAreStored()
    {
        var file = Write("events.csv", [
            CsvHeader,
            "ok-1,c-1,web-shop-checkout,2026-11-03T09:00:00Z,,12,50",
            "bad-3,c-3,web-shop-checkout,2026-11-03T09:00:00Z,,12,50,",
            "ok-2,c-2,web-shop-checkout,2026-11-03T09:00:00Z,,\"1.5\",\"gold, plus\"",
        ]);

        var (code, output, error) = TrackCommandTests.Run("track", "-d", "five-stage", "-s", $"sqlite:{Database}", file);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Contains($"{file}:3: error: the row has 8 fields, the header 7.", error, StringComparison.Ordinal);
        Assert.Contains("malformed             1", output, StringComparison.Ordinal);
        await using var store = new SqliteJourneyStore(Database);
        Assert.Null(await store.LoadAsync(new JourneyKey("five-stage", "c-3"), TestContext.Current.CancellationToken));
        var ok = (await store.LoadAsync(new JourneyKey("five-stage", "c-1"), TestContext.Current.CancellationToken))!.Events.Single();
        Assert.Equal((12m, "50"), (ok.Value, ok.Segment));
        var quoted = (await store.LoadAsync(new JourneyKey("five-stage", "c-2"), TestContext.Current.CancellationToken))!.Events.Single();
        Assert.Equal((1.5m, "gold, plus"), (quoted.Value, quoted.Segment));
    }

    [Fact]
    public async Task Track_LineLongerThanTheLimit_IsMalformedAndEchoedTruncated_AndALongRejectedIdIsEchoedTruncated()
    {
        var longId = new string('x', EventFile.MaxLineBytes + 10);
        var rejectedId = new string('r', 5_000);
        var file = Write("events.csv", [
            CsvHeader,
            $"{longId},c-1,web-shop-checkout,2026-11-03T09:00:00Z,,,",
            $"{rejectedId},c-2,no-such-touchpoint,2026-11-03T09:00:00Z,,,",
            "ok-1,c-3,web-shop-checkout,2026-11-03T09:00:00Z,,,",
        ]);

        var (code, output, error) = TrackCommandTests.Run("track", "-d", "five-stage", "-s", $"sqlite:{Database}", file);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Contains($"{file}:2: error: the line is longer than 65,536 bytes (the limit); it starts '{new string('x', 64)}…'.", error, StringComparison.Ordinal);
        Assert.Contains($"{file}:3: warning: event '{new string('r', 64)}…' rejected", error, StringComparison.Ordinal);
        Assert.True(error.Length < 2_000, $"the errors echo too much: {error.Length} characters");
        Assert.Contains("malformed             1", output, StringComparison.Ordinal);
        Assert.Contains("rejected              1", output, StringComparison.Ordinal);
        await using var store = new SqliteJourneyStore(Database);
        Assert.NotNull(await store.LoadAsync(new JourneyKey("five-stage", "c-3"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Track_DevZero_EndsWithAClearError()
    {
        Assert.SkipUnless(File.Exists("/dev/zero"), "needs /dev/zero");

        var (code, _, error) = TrackCommandTests.Run("track", "-d", "five-stage", "-s", $"sqlite:{Database}", "--format", "csv", "/dev/zero");

        Assert.Equal(JourneyCli.Unreadable, code);
        Assert.StartsWith("/dev/zero:1: error: file: no line break within 16,777,216 bytes: not a line-based events file", error, StringComparison.Ordinal);
        Assert.True(error.Length < 500, $"the error echoes too much: {error.Length} characters");
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    public async Task Track_TimesWithoutOffset_AreUtcInBothLayouts_AndNonIsoDatesAreMalformed(string layout)
    {
        string Line(string id, string customer, string time) => layout == "csv"
            ? $"{id},{customer},web-shop-checkout,{time},,,"
            : $"{{\"eventId\":\"{id}\",\"customerId\":\"{customer}\",\"touchpoint\":\"web-shop-checkout\",\"occurredAt\":\"{time}\"}}";
        var lines = new List<string>();
        if (layout == "csv")
        {
            lines.Add(CsvHeader);
        }

        lines.Add(Line("e1", "c-1", "2026-11-03T09:00:00"));
        lines.Add(Line("e2", "c-2", "2026-11-03T09:00:00.250+02:00"));
        lines.Add(Line("e3", "c-3", "01/02/2025"));
        lines.Add(Line("e4", "c-4", "2025-02-01"));
        var file = Write($"events.{layout}", lines);
        var first = layout == "csv" ? 2 : 1;

        var (code, output, error) = TrackCommandTests.Run("track", "-d", "five-stage", "-s", $"sqlite:{Database}", file);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Contains("malformed             2", output, StringComparison.Ordinal);
        Assert.Contains($"{file}:{first + 2}: error:", error, StringComparison.Ordinal);
        Assert.Contains($"{file}:{first + 3}: error:", error, StringComparison.Ordinal);
        Assert.Contains("01/02/2025", error, StringComparison.Ordinal);
        await using var store = new SqliteJourneyStore(Database);
        var utc = (await store.LoadAsync(new JourneyKey("five-stage", "c-1"), TestContext.Current.CancellationToken))!.Events.Single().OccurredAt;
        var offset = (await store.LoadAsync(new JourneyKey("five-stage", "c-2"), TestContext.Current.CancellationToken))!.Events.Single().OccurredAt;
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero), utc);
        Assert.Equal(TimeSpan.Zero, utc.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 9, 0, 0, 250, TimeSpan.FromHours(2)), offset);
        Assert.Equal(TimeSpan.FromHours(2), offset.Offset);
    }

    [Theory]
    [InlineData("2026-11-03T09:00:00Z", true)]
    [InlineData("2026-11-03 09:00:00Z", true)]
    [InlineData("2026-11-03T09:00Z", true)]
    [InlineData("2026-02-30T09:00:00Z", false)]
    [InlineData("2026-11-03T24:00:00Z", false)]
    [InlineData("01/02/2025", false)]
    [InlineData("2025-02-01", false)]
    [InlineData("3 Nov 2026 09:00", false)]
    [InlineData("", false)]
    public void EventTime_AcceptsIsoDateTimesOnly(string text, bool valid)
    {
        Assert.Equal(valid, EventTime.TryParse(text, out var parsed));
        if (valid)
        {
            Assert.Equal(new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero), parsed);
        }
    }

    [Fact]
    public void Generate_SameSeed_WritesTheSameFile_WithIncreasingTimesAndRepeatCustomers()
    {
        var a = Path.Combine(_directory, "a.csv");
        var b = Path.Combine(_directory, "b.csv");
        var c = Path.Combine(_directory, "c.csv");

        var codes = new[]
        {
            TrackCommandTests.Run("generate", "-d", "five-stage", "--customers", "50", "--events", "2000", "--seed", "3", "--out", a).Code,
            TrackCommandTests.Run("generate", "-d", "five-stage", "--customers", "50", "--events", "2000", "--seed", "3", "--out", b).Code,
            TrackCommandTests.Run("generate", "-d", "five-stage", "--customers", "50", "--events", "2000", "--seed", "4", "--out", c).Code,
        };

        Assert.All(codes, code => Assert.Equal(JourneyCli.Ok, code));
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(c));
        var rows = File.ReadAllLines(a).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(2000, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r[0]).Distinct().Count());
        var times = rows.Select(r => DateTimeOffset.Parse(r[3], CultureInfo.InvariantCulture)).ToList();
        Assert.True(times.Zip(times.Skip(1)).All(p => p.First < p.Second), "times increase");
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), times[^1]); // the default end: every event in the past
        Assert.Equal(TimeSpan.FromSeconds(20 * 1999), times[^1] - times[0]);
        var perCustomer = rows.GroupBy(r => r[1]).Select(g => g.Count()).ToList();
        Assert.InRange(perCustomer.Count, 2, 50);
        Assert.True(perCustomer.Max() > 2 * perCustomer.Min(), "some customers return far more often than others");
        var withValue = rows.Count(r => r[5].Length > 0);
        Assert.InRange(withValue, 2000 / 5, 2000 / 2);
    }

    [Fact]
    public async Task Generate_JsonLines_IsTrackedWithoutMalformedOrRejectedLines()
    {
        var file = Path.Combine(_directory, "events.jsonl");
        Assert.Equal(JourneyCli.Ok, TrackCommandTests.Run("generate", "-d", "five-stage", "--customers", "30", "--events", "500", "--out", file).Code);

        var (code, output, _) = TrackCommandTests.Run("track", "-d", "five-stage", "-s", $"sqlite:{Database}", file);

        Assert.Equal(JourneyCli.Ok, code);
        Assert.Contains("tracked 500 events", output, StringComparison.Ordinal);
        Assert.Contains("malformed             0", output, StringComparison.Ordinal);
        Assert.Contains("rejected              0", output, StringComparison.Ordinal);
        await using var store = new SqliteJourneyStore(Database);
        Assert.Equal(500, (await store.ReadSinceAsync(0, 1000, TestContext.Current.CancellationToken)).Count);
    }

    private string Write(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
