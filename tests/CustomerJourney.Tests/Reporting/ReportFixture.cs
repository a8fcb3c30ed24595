using System.Text.RegularExpressions;
using CustomerJourney.Cli.Reporting;
using CustomerJourney.Cli.Simulation;
using CustomerJourney.Engine;
using CustomerJourney.Templates;

namespace CustomerJourney.Tests.Reporting;

/// <summary>A small simulated storefront, its journeys and reports, shared by the report tests.</summary>
internal static partial class ReportFixture
{
    private static readonly Lazy<JourneySource.Loaded> Small = new(() => Load(2_000));

    /// <summary>2,000 simulated customers over 26 weeks, seed 42.</summary>
    public static JourneySource.Loaded Journeys => Small.Value;

    public static JourneySource.Loaded Load(int customers, int seed = 42)
    {
        var simulator = new StorefrontSimulator(JourneyTemplates.FiveStage, new SimulationOptions(seed, customers, 26));
        return JourneySource.FromEvents(simulator.Run().ToList(), JourneyEngine.Compile(JourneyTemplates.FiveStage), simulator.End);
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
