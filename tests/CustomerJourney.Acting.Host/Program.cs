// A host process for the crash tests: runs the dispatcher until the delivery log is drained (or until killed).
// Usage: CustomerJourney.Acting.Host (--sqlite PATH | --postgres CONNECTION --schema SCHEMA) --out FILE --instance NAME
//        [--delay-ms N] [--lease-ms N] [--until-position N]
// Every handler call appends "begin ID INSTANCE TICKS TEXT" before and "end ID INSTANCE TICKS" after the (delayed) work.
using System.Globalization;
using CustomerJourney.Acting;
using CustomerJourney.Hosting;
using CustomerJourney.PostgreSql;
using CustomerJourney.Sqlite;
using Microsoft.Extensions.DependencyInjection;

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}

var output = new StreamWriter(new FileStream(options["--out"], FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
var instance = options["--instance"];
var delay = int.Parse(options.GetValueOrDefault("--delay-ms", "0"), CultureInfo.InvariantCulture);
var lease = TimeSpan.FromMilliseconds(int.Parse(options.GetValueOrDefault("--lease-ms", "3000"), CultureInfo.InvariantCulture));
var until = long.Parse(options.GetValueOrDefault("--until-position", "0"), CultureInfo.InvariantCulture);
var gate = new object();

var services = new ServiceCollection();
services.AddCustomerJourney(journeys =>
{
    journeys.AddTemplate("five-stage");
    if (options.TryGetValue("--sqlite", out var path))
    {
        journeys.UseSqliteStore(path);
    }
    else
    {
        journeys.UsePostgreSqlStore(options["--postgres"], options["--schema"]);
    }

    journeys.OnTransition(null, null, async (JourneyTransition t, CancellationToken ct) =>
    {
        Write($"begin {t.DeliveryId} {instance} {DateTime.UtcNow.Ticks} {t.Key.CustomerId}:{t.From ?? "(new)"}->{t.To}@{t.Sequence}");
        if (delay > 0)
        {
            await Task.Delay(delay, ct);
        }

        Write($"end {t.DeliveryId} {instance} {DateTime.UtcNow.Ticks}");
    }, name: "log");
    journeys.ConfigureDispatcher(o =>
    {
        o.InstanceId = instance;
        o.PollInterval = TimeSpan.FromMilliseconds(20);
        o.Lease = lease;
        o.HandlerTimeout = lease / 2;
        o.BatchSize = 50;
        o.MaxConcurrency = 4;
    });
});

await using var provider = services.BuildServiceProvider();
var dispatcher = provider.GetRequiredService<JourneyDispatcher>();
var store = provider.GetRequiredService<CustomerJourney.Storage.IJourneyStore>();
using var stop = new CancellationTokenSource();
var run = dispatcher.RunAsync(stop.Token);
while (true)
{
    await Task.Delay(100);
    // drained: the feed derived (including lapse markers appended meanwhile), nothing pending, no lapse due
    var counts = await dispatcher.Deliveries.CountAsync();
    if (counts.Checkpoint >= until && counts.Pending == 0 && (counts.OldestTimer is null || counts.OldestTimer > DateTimeOffset.UtcNow)
        && (await store.ReadSinceAsync(counts.Checkpoint, 1)).Count == 0)
    {
        break;
    }
}

await stop.CancelAsync();
await run;
Write($"idle {instance}");
return 0;

void Write(string line)
{
    lock (gate)
    {
        output.WriteLine(line);
    }
}
