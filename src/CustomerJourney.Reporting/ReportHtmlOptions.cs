namespace CustomerJourney.Reporting;

/// <summary>
/// Options of <see cref="ReportHtml.Render(ReportModel, ReportHtmlOptions?)"/>; a <see langword="null"/> options argument
/// means these defaults.
/// </summary>
public sealed class ReportHtmlOptions
{
    /// <summary>The page's heading, not <see langword="null"/>; "Customer journey report" by default.</summary>
    public string Title { get; set; } = "Customer journey report";

    /// <summary>Links shown under the heading (the dashboard lists every registered definition here), none <see langword="null"/>; none by default.</summary>
    public IReadOnlyList<ReportLink> Links { get; set; } = [];

    /// <summary>Every problem with these options (empty when they are valid).</summary>
    /// <returns>One message per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Title is null)
        {
            problems.Add("Title must not be null.");
        }

        if (Links is null)
        {
            problems.Add("Links must not be null.");
        }
        else
        {
            for (var i = 0; i < Links.Count; i++)
            {
                if (Links[i] is null)
                {
                    problems.Add($"Links[{i}] is null.");
                }
            }
        }

        return problems;
    }
}
