// The core package under NativeAOT: a built-in template through its JSON form, a compiled engine, tracking, a funnel
// and a Mermaid diagram. Prints what it did and exits 1 when a result is not the expected one.
using System.Globalization;
using CustomerJourney;
using CustomerJourney.Analytics;
using CustomerJourney.Definitions;
using CustomerJourney.Diagrams;
using CustomerJourney.Engine;
using CustomerJourney.Templates;
using CustomerJourney.Tracking;

var definition = JourneyJson.Parse(JourneyJson.Serialize(JourneyTemplates.FiveStage));
var tracker = new JourneyTracker(JourneyEngine.Compile(definition));
var start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
string[][] touches =
[
    ["c-1", "search-ad", "store-purchase"],
    ["c-2", "search-ad"],
    ["c-3", "social-post"],
];
var eventNumber = 0;
foreach (var customer in touches)
{
    foreach (var touchpoint in customer[1..])
    {
        eventNumber++;
        var result = tracker.Track(new TouchpointEvent($"e-{eventNumber}", customer[0], touchpoint, start.AddMinutes(eventNumber)));
        Console.WriteLine($"{customer[0]} {touchpoint}: {result.Outcome} {result.From} -> {result.To}");
    }
}

var funnel = FunnelAnalysis.Compute(tracker.GetJourneys(), definition);
foreach (var step in funnel.Steps)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step.Stage,-16} {step.Customers,3} {step.ConversionFromStart,7:P1}"));
}

var mermaid = JourneyDiagrams.ToMermaid(definition);
Console.WriteLine($"mermaid diagram: {mermaid.Split('\n').Length} lines");

var reachedConsideration = funnel.Steps.Single(s => s.Stage == "consideration").Customers;
if (funnel.Journeys != 3 || reachedConsideration != 2 || !mermaid.StartsWith("stateDiagram", StringComparison.Ordinal))
{
    Console.WriteLine($"unexpected: {funnel.Journeys} journeys, {reachedConsideration} reached consideration");
    return 1;
}

Console.WriteLine("NativeAOT run ok");
return 0;
