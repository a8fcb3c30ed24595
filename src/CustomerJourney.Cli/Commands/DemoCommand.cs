using System.CommandLine;
using System.Globalization;
using System.Text;
using CustomerJourney.Analytics;
using CustomerJourney.Cli.Simulation;
using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Reporting;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;

namespace CustomerJourney.Cli.Commands;

/// <summary>
/// <c>journey demo [--seed N] [--customers N] [--weeks N] [--template NAME] [--store SPEC] [--out FILE] [--culture C]</c>:
/// simulates a storefront, stores the events, prints a compact summary and writes the HTML report.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The store the demo uses when none is given.</summary>
    public const string DefaultStore = "sqlite:journey-demo.db";

    /// <summary>The report file the demo writes when none is given.</summary>
    public const string DefaultOut = "journey-demo.html";

    /// <summary>The most customers <c>--customers</c> accepts.</summary>
    public const int MaxCustomers = 10_000_000;

    /// <summary>The most weeks <c>--weeks</c> accepts (10 years).</summary>
    public const int MaxWeeks = 520;

    public static Command Create(CliConsole console)
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the simulation: the same seed gives the same customers and events.", DefaultValueFactory = _ => 42 };
        var customers = new Option<int>("--customers") { Description = "How many customers arrive.", DefaultValueFactory = _ => 20_000 };
        var weeks = new Option<int>("--weeks") { Description = "Weeks of simulated time (inactivity rules need months to lapse customers).", DefaultValueFactory = _ => 26 };
        var template = new Option<string>("--template") { Description = "The built-in template to simulate.", DefaultValueFactory = _ => Templates.JourneyTemplates.FiveStageName };
        var store = new Option<string>("--store") { Description = $"Where to store the events: {StoreSpec.Usage} (recreated for the demo) or 'memory'.", DefaultValueFactory = _ => DefaultStore };
        var output = new Option<string>("--out", "-o") { Description = "The HTML report to write.", DefaultValueFactory = _ => DefaultOut };
        var culture = ReportCommand.CultureOption();
        var command = new Command("demo", "Simulate a storefront's customers, store their journeys, print a summary and write the HTML report.")
        {
            seed, customers, weeks, template, store, output, culture,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!Templates.JourneyTemplates.TryGet(parse.GetValue(template)!, out var definition))
            {
                console.Error.WriteLine($"error: no built-in template is named '{parse.GetValue(template)}'; the templates are: {string.Join(", ", Templates.JourneyTemplates.Names)}.");
                return JourneyCli.Unreadable;
            }

            if (parse.GetValue(customers) is < 0 or > MaxCustomers || parse.GetValue(weeks) is < 1 or > MaxWeeks)
            {
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"error: --customers must lie between 0 and {MaxCustomers:N0} and --weeks between 1 and {MaxWeeks}."));
                return JourneyCli.Unreadable;
            }

            if (!ReportCommand.CheckCulture(parse.GetValue(culture)!, console) || !ReportCommand.CheckOutput(parse.GetValue(output)!, console))
            {
                return JourneyCli.Unreadable;
            }

            var options = new SimulationOptions(parse.GetValue(seed), parse.GetValue(customers), parse.GetValue(weeks));
            return await RunAsync(definition, options, parse.GetValue(store)!, parse.GetValue(output)!, parse.GetValue(culture)!, console, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs the demo: simulate, store, load, summarise, report.</summary>
    internal static async Task<int> RunAsync(JourneyDefinition definition, SimulationOptions options, string storeSpec, string output, string culture, CliConsole console, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System; // the CLI is the composition root: it picks the clock
        var started = time.GetTimestamp();
        var code = StoreSpec.TryOpenStore(storeSpec, console, out var store, out var where, fresh: true);
        if (code != JourneyCli.Ok)
        {
            return code;
        }

        try
        {
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"simulating {options.Customers:N0} customers over {options.Weeks} weeks on '{definition.Name}' (seed {options.Seed}); storing in {where}"));
            var simulator = new StorefrontSimulator(definition, options);
            var lastTenth = 0;
            var progress = new SyncProgress(n =>
            {
                var tenth = options.Customers == 0 ? 10 : (int)(10L * n / options.Customers);
                if (tenth > lastTenth)
                {
                    lastTenth = tenth;
                    console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {n:N0} / {options.Customers:N0} customers ({time.GetElapsedTime(started).TotalSeconds:0.0} s)"));
                }
            });

            long events = 0;
            var batch = new List<JourneyAppend>(1000);
            foreach (var customer in simulator.Run(progress))
            {
                events += customer.Count;
                batch.Add(new JourneyAppend { Key = new JourneyKey(definition.Name, customer[0].CustomerId), ExpectedVersion = 0, Events = customer });
                if (batch.Count == 1000)
                {
                    await AppendAsync(store!, batch, cancellationToken).ConfigureAwait(false);
                }
            }

            await AppendAsync(store!, batch, cancellationToken).ConfigureAwait(false);
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stored {events:N0} events in {where} ({time.GetElapsedTime(started).TotalSeconds:0.0} s); reading them back"));

            var loaded = await JourneySnapshot.ReadAsync(store!, JourneyEngine.Compile(definition), simulator.End, cancellationToken).ConfigureAwait(false);
            var model = ReportModel.Build(loaded, culture);
            console.Out.Write(Summary(model));
            var path = Path.GetFullPath(output);
            await File.WriteAllTextAsync(path, ReportHtml.Render(model), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            console.Out.WriteLine($"store: {where}");
            console.Out.WriteLine($"report: {path}");
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {time.GetElapsedTime(started).TotalSeconds:0.0} s"));
            return JourneyCli.Ok;
        }
        finally
        {
            await store!.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task AppendAsync(IJourneyStore store, List<JourneyAppend> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var results = await store.AppendManyAsync(batch.ToArray(), cancellationToken).ConfigureAwait(false);
        var conflicts = results.Count(r => r.Status == AppendStatus.Conflict);
        if (conflicts > 0)
        {
            throw new IOException($"{conflicts} journeys already exist in the store; use a fresh store for the demo.");
        }

        batch.Clear();
    }

    /// <summary>The compact summary the demo prints: funnel, time in stage, top channels by Markov attribution, KPIs.</summary>
    internal static string Summary(ReportModel model)
    {
        var c = CultureInfo.InvariantCulture;
        var all = model.All;
        var names = model.Stages.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        var text = new StringBuilder();
        text.AppendLine(c, $"{all.Journeys:N0} journeys, {all.Converted:N0} bought ({(all.Journeys == 0 ? 0 : (double)all.Converted / all.Journeys):P1}), {all.Conversions:N0} purchases, {all.RepeatBuyers:N0} repeat buyers, revenue {all.Revenue:N2}");
        text.AppendLine();
        text.AppendLine(c, $"{"funnel",-20} {"customers",10} {"from prev",10} {"from start",10}");
        foreach (var step in all.Funnel.Steps)
        {
            text.AppendLine(c, $"{names[step.Stage],-20} {step.Customers,10:N0} {step.ConversionFromPrevious,10:P1} {step.ConversionFromStart,10:P1}");
        }

        text.AppendLine();
        text.AppendLine(c, $"{"time in stage",-20} {"median",10} {"p90",10} {"still in",10}");
        foreach (var stage in all.Time.Stages)
        {
            text.AppendLine(c, $"{names.GetValueOrDefault(stage.Stage!, stage.Stage!),-20} {Days(stage.QuantileDays[2]),10} {Days(stage.QuantileDays[4]),10} {stage.Censored,10:N0}");
        }

        var convert = all.Time.Convert;
        text.AppendLine(c, $"{"time to convert",-20} {Days(convert.QuantileDays[2]),10} {Days(convert.QuantileDays[4]),10} {convert.Censored,10:N0}");
        text.AppendLine();
        var markov = all.Attribution.First(a => a.Model == "markov").Channels.OrderByDescending(x => x.Conversions).ThenBy(x => x.Channel, StringComparer.Ordinal).Take(5).ToArray();
        text.AppendLine(c, $"top channels by Markov attribution: {string.Join(", ", markov.Select(x => string.Create(c, $"{x.Channel} {x.Conversions:N1}")))}");
        var kpis = all.Kpis.SelectMany(k => k.Kpis.Select(r => (k.Touchpoint, r))).ToArray();
        var missed = kpis.Where(k => k.r.Status == KpiStatus.Missed).Select(k => $"{k.Touchpoint} ({k.r.Kpi.Name})").ToArray();
        text.AppendLine(c, $"touchpoint KPIs: {kpis.Count(k => k.r.Status == KpiStatus.Met)} met, {missed.Length} missed, {kpis.Count(k => k.r.Status == KpiStatus.NotMeasured)} not measured");
        if (missed.Length > 0)
        {
            text.AppendLine(c, $"  missed: {string.Join("; ", missed)}");
        }

        return text.ToString();
    }

    private static string Days(double? days) => days is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d:0.0} d") : "-";

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
