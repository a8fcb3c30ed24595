using System.CommandLine;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;

namespace CustomerJourney.Cli.Commands;

/// <summary>
/// <c>journey link --store sqlite:PATH|postgres:CONNSTRING ID CUSTOMER_ID</c>: links an id (anonymous, device, ...) to a
/// customer in a durable store, so that analytics and trackers see one merged journey; <c>journey link --store S --show ID</c>
/// prints the id's group. Exit codes: 0 linked (or already linked); 1 the id is already linked to another customer
/// (nothing changed); 2 wrong arguments or an unreadable store; 3 the store failed.
/// </summary>
internal static class LinkCommand
{
    public static Command Create(CliConsole console)
    {
        var store = new Option<string>("--store", "-s") { Description = $"Where journeys are stored: {StoreSpec.Usage}.", Required = true };
        var show = new Option<bool>("--show") { Description = "Print the customer ID resolves to and every id linked with it, instead of linking." };
        var id = new Argument<string>("id") { Description = "The id to link (an anonymous, device or other id of the customer)." };
        var customer = new Argument<string?>("customer-id") { Description = "The customer to link it to.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("link", "Link an id to a customer: their journeys merge into one (see docs/identity.md).")
        {
            store, show, id, customer,
        };
        command.SetAction(parse => RunAsync(console, parse.GetValue(store)!, parse.GetValue(show), parse.GetValue(id)!, parse.GetValue(customer)).GetAwaiter().GetResult());
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string storeSpec, bool show, string id, string? customerId)
    {
        var maxLength = new JourneyTrackerOptions().MaxIdLength;
        if (show != customerId is null)
        {
            console.Error.WriteLine(show ? "error: --show takes one id and no customer id." : "error: give the id and the customer id to link it to (or --show ID).");
            return JourneyCli.Unreadable;
        }

        foreach (var (name, value) in new[] { ("id", id), ("customer id", customerId) })
        {
            if (value is not null && (value.Length == 0 || value.Length > maxLength))
            {
                console.Error.WriteLine($"error: the {name} must be 1 to {maxLength} characters long.");
                return JourneyCli.Unreadable;
            }
        }

        var code = StoreSpec.TryOpen(storeSpec, console, out var journeyStore);
        if (code != JourneyCli.Ok)
        {
            return code;
        }

        await using (journeyStore!.ConfigureAwait(false))
        {
            if (show)
            {
                var group = await journeyStore!.ResolveAsync(id).ConfigureAwait(false);
                console.Out.WriteLine($"customer {group.CustomerId}");
                foreach (var linked in group.Ids.Where(i => !string.Equals(i, group.CustomerId, StringComparison.Ordinal)))
                {
                    console.Out.WriteLine($"linked {linked}");
                }

                return JourneyCli.Ok;
            }

            var result = await journeyStore!.LinkAsync(id, customerId!).ConfigureAwait(false);
            switch (result.Outcome)
            {
                case LinkOutcome.Linked:
                    console.Out.WriteLine($"linked '{id}' to customer '{result.CustomerId}'");
                    return JourneyCli.Ok;
                case LinkOutcome.AlreadyLinked:
                    console.Out.WriteLine($"'{id}' already belongs to customer '{result.CustomerId}'");
                    return JourneyCli.Ok;
                default:
                    console.Error.WriteLine($"error: {result.Reason}");
                    return JourneyCli.Invalid;
            }
        }
    }
}
