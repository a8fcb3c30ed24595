namespace CustomerJourney.Reporting;

/// <summary>A stage as the report labels it.</summary>
/// <param name="Id">The stage id.</param>
/// <param name="Name">Its display name in the report's culture.</param>
/// <param name="Goal">Whether it is a goal stage.</param>
public sealed record ReportStage(string Id, string Name, bool Goal);
