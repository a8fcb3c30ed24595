using CustomerJourney.Acting;
using CustomerJourney.Hosting;
using CustomerJourney.PostgreSql;
using CustomerJourney.Privacy;
using CustomerJourney.Sqlite;
using CustomerJourney.Templates;

namespace CustomerJourney.Sample;

/// <summary>Builds the sample web application; <c>Program.cs</c> runs it and the tests start it on a free port.</summary>
public static class SampleApp
{
    /// <summary>Creates the application: journeys registered, endpoints mapped, not yet started.</summary>
    /// <param name="args">Command-line arguments, e.g. <c>--urls http://127.0.0.1:5080</c>.</param>
    /// <param name="configureServices">Extra registrations applied after the sample's own (tests replace the clock here).</param>
    /// <returns>The application.</returns>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        // The five-stage template is the default journey: IJourneyTracker resolves without a key, and also as
        // [FromKeyedServices("five-stage")]. TimeProvider comes from DI (TimeProvider.System unless replaced).
        builder.Services.AddCustomerJourney(journeys => journeys
            .AddTemplate(JourneyTemplates.FiveStageName)
            .Configure(options => options.MaxLateness = TimeSpan.FromDays(30)));

        // Where journeys live: in memory by default; CustomerJourney:Store = "sqlite:PATH" or "postgres:CONNECTION STRING"
        // (e.g. --CustomerJourney:Store=sqlite:journeys.db) keeps them durably, and several instances of the sample over
        // one PostgreSQL database share the journeys and the handlers' work.
        var store = builder.Configuration["CustomerJourney:Store"];
        if (store is { Length: > 0 })
        {
            builder.Services.AddCustomerJourney(journeys => _ = store switch
            {
                _ when store.StartsWith("sqlite:", StringComparison.Ordinal) => journeys.UseSqliteStore(store["sqlite:".Length..]),
                _ when store.StartsWith("postgres:", StringComparison.Ordinal) => journeys.UsePostgreSqlStore(store["postgres:".Length..]),
                _ => throw new InvalidOperationException($"CustomerJourney:Store '{store}' is neither sqlite:PATH nor postgres:CONNECTION STRING."),
            });
        }

        // Stage handlers (docs/acting.md): a win-back e-mail when a customer lapses (60 days without a touch in
        // consideration), a thank-you on every purchase. In memory these deliveries are not durable; with a SQLite or
        // PostgreSQL store (above) they survive restarts and crashes.
        builder.Services.AddSingleton<IEmailSender, LoggingEmailSender>();
        builder.Services.AddCustomerJourney(journeys => journeys
            .OnEnter("lapsed", (JourneyTransition t, IEmailSender mail, CancellationToken ct) => mail.SendAsync(t.Key.CustomerId, "win-back", t.DeliveryId, ct), name: "win-back-email")
            .OnEnter("purchase", (JourneyTransition t, IEmailSender mail, CancellationToken ct) => mail.SendAsync(t.Key.CustomerId, "thank-you", t.DeliveryId, ct), name: "thank-you-email"));

        // the journey dashboard at /journeys, behind authentication (see SampleDashboard)
        builder.Services.AddSampleDashboardAuth();

        // optional: customer ids replaced by keyed pseudonyms before they reach the tracker, its store or a log
        if (builder.Configuration["CustomerJourney:PseudonymKey"] is { Length: > 0 } key)
        {
            builder.Services.AddSingleton(Pseudonymizer(key));
        }

        // errors without a body of their own (a wrong route, an exception) are answered with problem details (RFC 9457)
        builder.Services.AddProblemDetails();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapJourneyEndpoints();
        app.MapSampleDashboard();
        return app;
    }

    private static CustomerIdPseudonymizer Pseudonymizer(string base64Key)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64Key);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException("CustomerJourney:PseudonymKey must be base64 (e.g. `openssl rand -base64 32`).", ex);
        }

        return key.Length >= CustomerIdPseudonymizer.MinKeyBytes
            ? new CustomerIdPseudonymizer(key)
            : throw new InvalidOperationException($"CustomerJourney:PseudonymKey has {key.Length} bytes; at least {CustomerIdPseudonymizer.MinKeyBytes} are needed.");
    }
}
