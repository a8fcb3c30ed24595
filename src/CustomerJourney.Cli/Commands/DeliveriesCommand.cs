using System.CommandLine;
using System.Globalization;
using CustomerJourney.Acting;

namespace CustomerJourney.Cli.Commands;

/// <summary>
/// <c>journey deliveries --store sqlite:PATH|postgres:CONNSTRING [--failed] [--retry ID] [--limit N]</c>: shows the
/// dispatcher's delivery log kept in the store's database (the checkpoint, the pending and parked deliveries with their
/// attempts and last errors) and re-drives a parked delivery. Exit codes: 0 done; 1 no such delivery to retry; 2 an
/// unreadable store; 3 a store failure.
/// </summary>
internal static class DeliveriesCommand
{
    public static Command Create(CliConsole console)
    {
        var store = new Option<string>("--store", "-s") { Description = $"Where journeys are stored: {StoreSpec.Usage}.", Required = true };
        var failed = new Option<bool>("--failed") { Description = "List only the parked deliveries (those that failed their last allowed attempt)." };
        var retry = new Option<long?>("--retry") { Description = "Re-drive the delivery with this id: pending again, due now, with a fresh count of attempts." };
        var limit = new Option<int>("--limit", "-n") { Description = "The most deliveries to list (1 to 100000).", DefaultValueFactory = _ => 100 };
        var command = new Command("deliveries", "Show the stage handlers' deliveries (pending and parked) kept in a store, and re-drive parked ones.")
        {
            store, failed, retry, limit,
        };
        command.SetAction(parse => RunAsync(console, parse.GetValue(store)!, parse.GetValue(failed), parse.GetValue(retry), parse.GetValue(limit)).GetAwaiter().GetResult());
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string spec, bool failedOnly, long? retry, int limit)
    {
        if (limit is < 1 or > 100_000)
        {
            console.Error.WriteLine($"error: --limit must lie between 1 and 100000 (was {limit}).");
            return JourneyCli.Unreadable;
        }

        var code = StoreSpec.TryOpen(spec, console, out var store);
        if (code != JourneyCli.Ok)
        {
            return code;
        }

        try
        {
            if (store is not IJourneyDeliveryLogSource source)
            {
                console.Error.WriteLine($"error: the store '{StoreSpec.Redact(spec)}' keeps no delivery log.");
                return JourneyCli.Unreadable;
            }

            await using var log = source.OpenDeliveryLog();
            if (retry is { } id)
            {
                if (!await log.RetryAsync(id, TimeProvider.System.GetUtcNow()).ConfigureAwait(false))
                {
                    console.Error.WriteLine($"error: no delivery {id} is owed (delivered ones are removed); list them with 'journey deliveries --store ...'.");
                    return JourneyCli.Invalid;
                }

                console.Out.WriteLine($"delivery {id} is pending again and due now; a running dispatcher attempts it within its poll interval.");
                return JourneyCli.Ok;
            }

            var counts = await log.CountAsync().ConfigureAwait(false);
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checkpoint {counts.Checkpoint}, {counts.Pending} pending, {counts.Parked} parked, next lapse due {(counts.OldestTimer is { } due ? due.ToString("O", CultureInfo.InvariantCulture) : "-")}"));
            var deliveries = await log.ListAsync(failedOnly, limit).ConfigureAwait(false);
            foreach (var d in deliveries)
            {
                var t = d.Transition;
                var cause = t.Cause == TransitionCause.Inactivity ? "lapse" : $"touch {t.Touchpoint} ({t.EventId})";
                console.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{d.Id,8}  {(d.State == DeliveryState.Parked ? "parked " : "pending")}  {d.Handler}  {t.Key.DefinitionName}/{t.Key.CustomerId}  {t.From ?? "(new)"} -> {t.To}  {cause}  at {t.OccurredAt:O}  attempts {d.Attempts}  next {d.NextAttemptAt:O}  id {t.DeliveryId}"));
                if (d.LastError is { } error)
                {
                    console.Out.WriteLine($"          last error: {StoreSpec.OneLine(error)}");
                }
            }

            if (deliveries.Count == limit)
            {
                console.Out.WriteLine($"(the first {limit}; raise --limit to see more)");
            }

            return JourneyCli.Ok;
        }
        finally
        {
            await store!.DisposeAsync().ConfigureAwait(false);
        }
    }
}
