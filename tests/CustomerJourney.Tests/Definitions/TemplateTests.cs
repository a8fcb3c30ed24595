using CustomerJourney.Definitions;
using CustomerJourney.Templates;

namespace CustomerJourney.Tests.Definitions;

public sealed class TemplateTests
{
    private static readonly string[] Cultures = ["en", "lt", "sk", "fi", "ru", "fa"];

    public static TheoryData<string> Names => [.. JourneyTemplates.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Template_LoadsValidated_WithSixCulturesOnEveryStage(string name)
    {
        var definition = JourneyTemplates.Get(name);

        Assert.Equal(name, definition.Name);
        Assert.NotEmpty(definition.GoalStages);
        Assert.All(definition.Stages, stage => Assert.All(Cultures, c => Assert.False(string.IsNullOrWhiteSpace(stage.DisplayNames.GetValueOrDefault(c)), $"{stage.Id} lacks {c}")));
        Assert.All(definition.Touchpoints, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Owner));
            Assert.False(string.IsNullOrWhiteSpace(t.Task));
            Assert.NotEmpty(t.Kpis);
        });
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Template_RoundTripsThroughJson(string name)
    {
        var definition = JourneyTemplates.Get(name);

        var again = JourneyJson.Parse(JourneyJson.Serialize(definition));

        Assert.Equal(definition, again);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Template_HasLoopsBackToEarlierStages(string name)
    {
        var definition = JourneyTemplates.Get(name);
        var order = definition.Stages.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i);

        Assert.Contains(definition.Transitions, t => t.Kind == TransitionKind.Permit && order[t.To!] < order[t.From]);
    }

    [Fact]
    public void Get_UnknownName_ThrowsNamingTheTemplates()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => JourneyTemplates.Get("nope"));

        Assert.Contains("five-stage", ex.Message, StringComparison.Ordinal);
    }
}
