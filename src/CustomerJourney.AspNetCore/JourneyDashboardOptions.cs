namespace CustomerJourney.AspNetCore;

/// <summary>Options of the journey dashboard (<c>MapJourneyDashboard</c>).</summary>
public sealed class JourneyDashboardOptions
{
    /// <summary>
    /// How long a computed journey map is served before it is computed again from the store (or the trackers' in-memory
    /// journeys). Default 30 seconds; <see cref="TimeSpan.Zero"/> computes it on every request.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The authorization policy a request must satisfy; <see langword="null"/> (the default) uses the application's
    /// default policy, which requires an authenticated user.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>
    /// Serves the dashboard to anyone, without authorization. The dashboard shows customer data: set this only on purpose
    /// (a local tool, a network that is already protected). Default <see langword="false"/>.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>The culture of stage names. Default <c>en</c>.</summary>
    public string Culture { get; set; } = "en";

    /// <summary>The page's heading. Default "Customer journeys".</summary>
    public string Title { get; set; } = "Customer journeys";
}
