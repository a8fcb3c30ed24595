namespace CustomerJourney.Reporting;

/// <summary>Options of <see cref="ReportHtml.Render(ReportModel, ReportHtmlOptions?)"/>.</summary>
public sealed class ReportHtmlOptions
{
    /// <summary>The page's heading; "Customer journey report" by default.</summary>
    public string Title { get; init; } = "Customer journey report";

    /// <summary>Links shown under the heading (the dashboard lists every registered definition here); none by default.</summary>
    public IReadOnlyList<ReportLink> Links { get; init; } = [];
}
