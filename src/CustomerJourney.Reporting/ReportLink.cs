namespace CustomerJourney.Reporting;

/// <summary>A link the page shows above the report, e.g. to the same map of another definition.</summary>
public sealed record ReportLink
{
    /// <summary>The link's text.</summary>
    public required string Text { get; init; }

    /// <summary>Its address (relative addresses stay on the host; the page itself loads nothing).</summary>
    public required string Href { get; init; }

    /// <summary>Whether it is the page being shown; default <see langword="false"/>.</summary>
    public bool Current { get; init; }
}
