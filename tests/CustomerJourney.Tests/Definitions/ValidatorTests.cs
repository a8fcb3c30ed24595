using System.Reflection;
using CustomerJourney.Definitions;
using CustomerJourney.Engine;

namespace CustomerJourney.Tests.Definitions;

public sealed class ValidatorTests
{
    private static readonly StageDefinition Visitor = new("visitor");
    private static readonly StageDefinition Buyer = new("buyer", isGoal: true, isTerminal: true);
    private static readonly TouchpointDefinition Ad = new("ad", "search");
    private static readonly TransitionDefinition AdBuys = new() { From = "visitor", Touchpoint = "ad", To = "buyer" };

    /// <summary>A minimal bad definition per error code, with the element the error must name.</summary>
    private static readonly Dictionary<string, (Func<JourneyDefinition> Create, string Path, string? Mentions)> Cases = new()
    {
        [DefinitionErrorCodes.MissingName] = (() => Minimal(name: ""), "name", null),
        [DefinitionErrorCodes.InvalidVersion] = (() => Minimal(version: 0), "version", "0"),
        [DefinitionErrorCodes.EmptyId] = (() => Minimal(touchpoints: [Ad, new TouchpointDefinition("", "email")]), "touchpoints[1].id", "touchpoints[1]"),
        [DefinitionErrorCodes.IdTooLong] = (() => Minimal(touchpoints: [Ad, new TouchpointDefinition(new string('x', 65), "email")]), "touchpoints[1].id", new string('x', 65)),
        [DefinitionErrorCodes.InvalidId] = (() => Minimal(touchpoints: [Ad, new TouchpointDefinition("news letter", "email")]), "touchpoints[1].id", "'news letter'"),
        [DefinitionErrorCodes.DuplicateStage] = (() => Minimal(stages: [Visitor, Buyer, new StageDefinition("buyer")]), "stages[2].id", "'buyer'"),
        [DefinitionErrorCodes.DuplicateTouchpoint] = (() => Minimal(touchpoints: [Ad, new TouchpointDefinition("ad", "email")]), "touchpoints[1].id", "'ad'"),
        [DefinitionErrorCodes.UnknownStage] = (() => Minimal(transitions: [AdBuys, new TransitionDefinition { From = "buyer", Touchpoint = "ad", To = "nowhere" }]), "transitions[1].to", "'nowhere'"),
        [DefinitionErrorCodes.UnknownTouchpoint] = (() => Minimal(transitions: [AdBuys, new TransitionDefinition { From = "visitor", Touchpoint = "flyer", To = "buyer" }]), "transitions[1].on", "'flyer'"),
        [DefinitionErrorCodes.UnknownGuard] = (() => Minimal(transitions: [new TransitionDefinition { From = "visitor", Touchpoint = "ad", To = "buyer", Guard = "vip" }]), "transitions[0].guard", "'vip'"),
        [DefinitionErrorCodes.MissingStartStage] = (() => Minimal(start: ""), "start", null),
        [DefinitionErrorCodes.MissingGoalStage] = (() => Minimal(stages: [Visitor, new StageDefinition("buyer", isTerminal: true)]), "stages", null),
        [DefinitionErrorCodes.UnreachableStage] = (() => Minimal(stages: [Visitor, Buyer, new StageDefinition("lost", isTerminal: true)]), "stages[2]", "'lost'"),
        [DefinitionErrorCodes.DeadEnd] = (() => Minimal(stages: [Visitor, new StageDefinition("buyer", isGoal: true)]), "stages[1]", "'buyer'"),
        [DefinitionErrorCodes.AmbiguousTransition] = (() => Minimal(transitions: [AdBuys, new TransitionDefinition { From = "visitor", Touchpoint = "ad", Kind = TransitionKind.Ignore }]), "transitions[1]", "'visitor'"),
        [DefinitionErrorCodes.SuperStageCycle] = (() => Minimal(stages: [new StageDefinition("visitor", superStage: "buyer"), new StageDefinition("buyer", superStage: "visitor", isGoal: true, isTerminal: true)]), "stages[0].superStage", "visitor -> buyer -> visitor"),
        [DefinitionErrorCodes.SelfPermit] = (() => Minimal(transitions: [AdBuys, new TransitionDefinition { From = "buyer", Touchpoint = "ad", To = "buyer" }]), "transitions[1].to", "'buyer'"),
        [DefinitionErrorCodes.InvalidDestination] = (() => Minimal(transitions: [AdBuys, new TransitionDefinition { From = "buyer", Touchpoint = "ad", To = "visitor", Kind = TransitionKind.Ignore }]), "transitions[1].to", "'visitor'"),
        [DefinitionErrorCodes.TooMany] = (() => Chain(JourneyDefinition.MaxStages + 1), "stages", "257"),
        [DefinitionErrorCodes.MissingChannel] = (() => Minimal(touchpoints: [new TouchpointDefinition("ad", " ")]), "touchpoints[0].channel", "'ad'"),
        [DefinitionErrorCodes.InvalidKpi] = (() => Minimal(touchpoints: [new TouchpointDefinition("ad", "search", kpis: [new KpiDefinition { Name = "Reach", Metric = KpiMetric.CustomersReached, Target = 10, Unit = "" }])]), "touchpoints[0].kpis[0]", "'ad'"),
        [DefinitionErrorCodes.InvalidInactivityRule] = (() => Minimal(inactivity: [new InactivityRule { Stage = "visitor", After = TimeSpan.Zero, To = "buyer" }]), "inactivity[0].after", "00:00:00"),
        [DefinitionErrorCodes.InvalidText] = (() => Minimal(stages: [new StageDefinition("visitor", [new("lt", "")]), Buyer]), "stages[0].names.lt", "'visitor'"),
        [DefinitionErrorCodes.InvalidRule] = (() => Minimal().WithRulesUnvalidated([global::CustomerJourney.Definitions.Rules.StageRule.NeverBefore("buyer", "nowhere")]), "rules[0].before", "'nowhere'"),
    };

    public static TheoryData<string> ErrorCodes => [.. Cases.Keys];

    [Fact]
    public void ErrorCodes_EveryCode_HasAMinimalBadDefinition()
    {
        var codes = typeof(DefinitionErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!);

        Assert.Equal(codes.Order(StringComparer.Ordinal), Cases.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_MinimalDefinition_IsValid()
    {
        var result = Minimal().Validate(new GuardRegistry());

        Assert.True(result.Count == 0, string.Join("; ", result));
    }

    [Theory]
    [MemberData(nameof(ErrorCodes))]
    public void Validate_MinimalBadDefinition_ReportsOnlyThatCodeNamingTheElement(string code)
    {
        var (create, path, mentions) = Cases[code];

        var errors = create().Validate(new GuardRegistry().Add("g", _ => true));

        var error = Assert.Single(errors);
        Assert.Equal(code, error.Code);
        Assert.Equal(path, error.Path);
        if (mentions is not null)
        {
            Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Build_SeveralMistakes_ReportsEveryErrorAtOnce()
    {
        var builder = new JourneyBuilder("", version: 0)
            .Stage("visitor", s => s.Permit("ad", "buyer").Permit("flyer", "shop"))
            .Stage("buyer", s => s.Goal().Terminal())
            .Stage("buyer")
            .Touchpoint("ad", "search")
            .StartAt("visitor");

        var ex = Assert.Throws<JourneyDefinitionException>(builder.Build);

        var errors = ex.Errors.Select(e => (e.Code, e.Path)).ToList();
        Assert.Contains((DefinitionErrorCodes.MissingName, "name"), errors);
        Assert.Contains((DefinitionErrorCodes.InvalidVersion, "version"), errors);
        Assert.Contains((DefinitionErrorCodes.DuplicateStage, "stages[2].id"), errors);
        Assert.Contains((DefinitionErrorCodes.UnknownStage, "transitions[1].to"), errors);
        Assert.Contains((DefinitionErrorCodes.UnknownTouchpoint, "transitions[1].on"), errors);
        Assert.Equal(5, errors.Count);
        Assert.Contains("(5 errors)", ex.Message, StringComparison.Ordinal);
        Assert.All(ex.Errors, e => Assert.Contains($"{e.Code} {e.Path}: {e.Message}", ex.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_IdOfMaxLength_IsAcceptedAndOneLonger_IsRejected()
    {
        var longest = new string('a', JourneyDefinition.MaxIdLength);
        var tooLong = new string('a', JourneyDefinition.MaxIdLength + 1);

        var accepted = Validate(Minimal(touchpoints: [Ad, new TouchpointDefinition(longest, "email")]));
        var rejected = Validate(Minimal(touchpoints: [Ad, new TouchpointDefinition(tooLong, "email")]));

        Assert.Empty(accepted);
        var error = Assert.Single(rejected);
        Assert.Equal(DefinitionErrorCodes.IdTooLong, error.Code);
        Assert.Contains("65 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MaxStages_IsAcceptedAndOneMore_IsRejected()
    {
        Assert.Empty(Validate(Chain(JourneyDefinition.MaxStages)));

        var error = Assert.Single(Validate(Chain(JourneyDefinition.MaxStages + 1)));

        Assert.Equal(DefinitionErrorCodes.TooMany, error.Code);
        Assert.Contains($"at most {JourneyDefinition.MaxStages} stages", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CalledTwice_Throws()
    {
        var builder = new JourneyBuilder("shop")
            .Stage("visitor", s => s.Permit("ad", "buyer"))
            .Stage("buyer", s => s.Goal().Terminal())
            .Touchpoint("ad", "search")
            .StartAt("visitor");
        _ = builder.Build();

        Assert.Throws<InvalidOperationException>(builder.Build);
        Assert.Throws<InvalidOperationException>(() => builder.Stage("late"));
        Assert.Throws<InvalidOperationException>(() => builder.Touchpoint("late", "email"));
    }

    [Fact]
    public void Build_AfterAFailedBuild_Throws()
    {
        var builder = new JourneyBuilder("shop").Stage("visitor").StartAt("visitor");
        Assert.Throws<JourneyDefinitionException>(builder.Build);

        Assert.Throws<InvalidOperationException>(builder.Build);
    }

    [Fact]
    public void Compile_UnboundGuard_ThrowsListingTheGuard()
    {
        var definition = new JourneyBuilder("shop")
            .Stage("visitor", s => s.Permit("ad", "buyer", guard: "vip").Permit("ad", "visitor-2", guard: "bargain-hunter"))
            .Stage("visitor-2", s => s.Permit("ad", "buyer"))
            .Stage("buyer", s => s.Goal().Terminal())
            .Touchpoint("ad", "search")
            .StartAt("visitor")
            .Build(); // no guard registry given: guard names are checked at compile time

        var ex = Assert.Throws<JourneyDefinitionException>(() => JourneyEngine.Compile(definition, new GuardRegistry().Add("vip", _ => true)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(DefinitionErrorCodes.UnknownGuard, error.Code);
        Assert.Equal("transitions[1].guard", error.Path);
        Assert.Contains("'bargain-hunter'", error.Message, StringComparison.Ordinal);
        Assert.Contains("bargain-hunter", ex.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<DefinitionError> Validate(JourneyDefinition definition) =>
        definition.Validate();

    private static JourneyDefinition Minimal(
        string name = "shop",
        int version = 1,
        string start = "visitor",
        StageDefinition[]? stages = null,
        TouchpointDefinition[]? touchpoints = null,
        TransitionDefinition[]? transitions = null,
        InactivityRule[]? inactivity = null) =>
        JourneyDefinition.CreateUnvalidated(name, version, null, start, stages ?? [Visitor, Buyer], touchpoints ?? [Ad], transitions ?? [AdBuys], inactivity);

    /// <summary>s0 → s1 → … → s(n-1), the last a terminal goal.</summary>
    private static JourneyDefinition Chain(int stages) =>
        JourneyDefinition.CreateUnvalidated(
            "chain",
            1,
            null,
            "s0",
            Enumerable.Range(0, stages).Select(i => new StageDefinition($"s{i}", isGoal: i == stages - 1, isTerminal: i == stages - 1)),
            [Ad],
            Enumerable.Range(1, stages - 1).Select(i => new TransitionDefinition { From = $"s{i - 1}", Touchpoint = "ad", To = $"s{i}" }));
}
