using System.Text.RegularExpressions;
using CustomerJourney.Analytics;
using CustomerJourney.Cli.Simulation;
using CustomerJourney.Engine;
using CustomerJourney.Reporting;
using CustomerJourney.Templates;

namespace CustomerJourney.Tests.Reporting;

/// <summary>A small simulated storefront, its journeys and reports, shared by the report tests.</summary>
internal static partial class ReportFixture
{
    private static readonly Lazy<JourneySnapshot> Small = new(() => Load(2_000));

    /// <summary>2,000 simulated customers over 26 weeks, seed 42.</summary>
    public static JourneySnapshot Journeys => Small.Value;

    public static JourneySnapshot Load(int customers, int seed = 42)
    {
        var simulator = new StorefrontSimulator(JourneyTemplates.FiveStage, new SimulationOptions(seed, customers, 26));
        return JourneySnapshot.FromEvents(simulator.Run().SelectMany(c => c), JourneyEngine.Compile(JourneyTemplates.FiveStage), simulator.End);
    }

    public static string Html(string culture = "en") =>
        ReportHtml.Render(ReportModel.Build(JourneyTemplates.FiveStage, Journeys.Journeys, Journeys.AsOf, culture));

    /// <summary>The value of <paramref name="attribute"/> on the element with id <paramref name="id"/>.</summary>
    public static string Attribute(string html, string id, string attribute)
    {
        var tag = Regex.Match(html, $"<[a-z]+ id=\"{id}\"[^>]*>");
        Assert.True(tag.Success, $"no element with id '{id}'");
        var value = Regex.Match(tag.Value, $" {attribute}=\"([^\"]*)\"");
        Assert.True(value.Success, $"#{id} has no {attribute}");
        return value.Groups[1].Value;
    }
}
