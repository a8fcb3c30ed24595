using System.Globalization;

namespace CustomerJourney.AspNetCore;

/// <summary>
/// Options of the journey dashboard (<c>MapJourneyDashboard</c>). They are validated (<see cref="Validate"/>) and copied
/// when the dashboard is mapped; later changes to the instance do not affect it.
/// </summary>
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

    /// <summary>The culture of stage names, a culture name .NET knows. Default <c>en</c>.</summary>
    public string Culture { get; set; } = "en";

    /// <summary>The page's heading, not <see langword="null"/>. Default "Customer journeys".</summary>
    public string Title { get; set; } = "Customer journeys";

    /// <summary>Every problem with these options (empty when they are valid).</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (RefreshInterval < TimeSpan.Zero)
        {
            problems.Add($"RefreshInterval must not be negative, not {RefreshInterval}.");
        }

        if (AuthorizationPolicy is not null && string.IsNullOrWhiteSpace(AuthorizationPolicy))
        {
            problems.Add("AuthorizationPolicy must not be empty when set.");
        }

        if (string.IsNullOrWhiteSpace(Culture))
        {
            problems.Add("Culture must not be empty.");
        }
        else
        {
            try
            {
                _ = CultureInfo.GetCultureInfo(Culture);
            }
            catch (CultureNotFoundException)
            {
                problems.Add($"Culture '{Culture}' is not a culture.");
            }
        }

        if (Title is null)
        {
            problems.Add("Title must not be null.");
        }

        return problems;
    }

    internal JourneyDashboardOptions Copy() => new()
    {
        RefreshInterval = RefreshInterval,
        AuthorizationPolicy = AuthorizationPolicy,
        AllowAnonymous = AllowAnonymous,
        Culture = Culture,
        Title = Title,
    };
}
