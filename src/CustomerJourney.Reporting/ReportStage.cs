namespace CustomerJourney.Reporting;

/// <summary>A stage as the report labels it.</summary>
public sealed record ReportStage
{
    /// <summary>The stage id.</summary>
    public required string Id { get; init; }

    /// <summary>Its display name in the report's culture.</summary>
    public required string Name { get; init; }

    /// <summary>Whether it is a goal stage.</summary>
    public required bool Goal { get; init; }
}
