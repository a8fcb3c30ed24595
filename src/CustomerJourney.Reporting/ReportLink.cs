namespace CustomerJourney.Reporting;

/// <summary>A link the page shows above the report, e.g. to the same map of another definition.</summary>
/// <param name="Text">The link's text.</param>
/// <param name="Href">Its address (relative addresses stay on the host; the page itself loads nothing).</param>
/// <param name="Current">Whether it is the page being shown.</param>
public sealed record ReportLink(string Text, string Href, bool Current = false);
