using CustomerJourney.Definitions;
using CustomerJourney.Templates;
using CustomerJourney.Tests.Generators;
using FsCheck.Xunit;

namespace CustomerJourney.Tests.Versions;

/// <summary>The graph diff between two definitions, and definition versions.</summary>
public sealed class DefinitionDiffTests
{
    private static JourneyBuilder Shop(int version = 1) =>
        new JourneyBuilder("shop", version)
            .Touchpoint("ad", "ads")
            .Touchpoint("browse", "web")
            .Touchpoint("checkout", "web-shop")
            .StartAt("visitor");

    private static JourneyDefinition Base() =>
        Shop()
            .Stage("visitor", s => s.Permit("ad", "interest").InternalTransition("browse"))
            .Stage("interest", s => s.Permit("checkout", "cart").Permit("browse", "visitor"))
            .Stage("cart", s => s.Goal().Terminal().PermitReentry("checkout"))
            .WhenInactive(TimeSpan.FromDays(30), "visitor", "interest")
            .Build();

    [Fact]
    public void Compare_SameDefinition_HasNoChangesAndTheSameVersion()
    {
        var diff = DefinitionDiff.Compare(Base(), Base());

        Assert.Empty(diff.Changes);
        Assert.False(diff.AffectsStages);
        Assert.Equal(diff.BeforeVersion, diff.AfterVersion);
    }

    [Fact]
    public void Compare_RetargetedTransition_IsReportedWithOldAndNewDestination()
    {
        var after = Shop()
            .Stage("visitor", s => s.Permit("ad", "interest").InternalTransition("browse"))
            .Stage("interest", s => s.Permit("checkout", "cart").Permit("browse", "cart"))
            .Stage("cart", s => s.Goal().Terminal().PermitReentry("checkout"))
            .WhenInactive(TimeSpan.FromDays(30), "visitor", "interest")
            .Build();

        var change = Assert.Single(DefinitionDiff.Compare(Base(), after).Changes);

        Assert.Equal(new DefinitionChange { Element = DefinitionElement.Transition, Kind = DefinitionChangeKind.Retargeted, Id = "interest --browse-->", Before = "to visitor", After = "to cart", AffectsStages = true }, change);
        Assert.Equal("transition interest --browse--> retargeted: to visitor -> to cart", change.ToString());
    }

    [Fact]
    public void Compare_AddedStageTouchpointAndTransitions_RemovedTouchpoint_ChangedKind_AreEachListed()
    {
        var after = new JourneyBuilder("shop", 2)
            .Touchpoint("ad", "ads")
            .Touchpoint("checkout", "web-shop")
            .Touchpoint("review", "review-site")
            .StartAt("visitor")
            .Stage("visitor", s => s.Permit("ad", "interest"))
            .Stage("interest", s => s.Permit("checkout", "cart").Ignore("ad"))
            .Stage("cart", s => s.Goal().Terminal().PermitReentry("checkout").Permit("review", "fan"))
            .Stage("fan", s => s.Permit("checkout", "cart"))
            .WhenInactive(TimeSpan.FromDays(30), "visitor", "interest")
            .Build();

        var changes = DefinitionDiff.Compare(Base(), after).Changes.Select(c => (c.Element, c.Kind, c.Id)).ToList();

        Assert.Equal(
            [
                (DefinitionElement.Definition, DefinitionChangeKind.Changed, "version"),
                (DefinitionElement.Stage, DefinitionChangeKind.Added, "fan"),
                (DefinitionElement.Touchpoint, DefinitionChangeKind.Removed, "browse"),
                (DefinitionElement.Touchpoint, DefinitionChangeKind.Added, "review"),
                (DefinitionElement.Transition, DefinitionChangeKind.Removed, "visitor --browse-->"),
                (DefinitionElement.Transition, DefinitionChangeKind.Removed, "interest --browse-->"),
                (DefinitionElement.Transition, DefinitionChangeKind.Added, "interest --ad-->"),
                (DefinitionElement.Transition, DefinitionChangeKind.Added, "cart --review-->"),
                (DefinitionElement.Transition, DefinitionChangeKind.Added, "fan --checkout-->"),
            ],
            changes);
    }

    [Fact]
    public void Compare_TransitionKindChange_IsChangedNotRetargeted()
    {
        var after = Shop()
            .Stage("visitor", s => s.Permit("ad", "interest").Ignore("browse"))
            .Stage("interest", s => s.Permit("checkout", "cart").Permit("browse", "visitor"))
            .Stage("cart", s => s.Goal().Terminal().PermitReentry("checkout"))
            .WhenInactive(TimeSpan.FromDays(30), "visitor", "interest")
            .Build();

        var change = Assert.Single(DefinitionDiff.Compare(Base(), after).Changes);

        Assert.Equal((DefinitionChangeKind.Changed, "internal", "ignore"), (change.Kind, change.Before, change.After));
    }

    [Fact]
    public void Compare_GuardedTransitions_AreMatchedByGuardToo()
    {
        var guards = new GuardRegistry().Add("big", _ => true).Add("small", _ => false);
        JourneyDefinition Build(string bigTo, string smallTo) =>
            Shop().WithGuards(guards)
                .Stage("visitor", s => s.Permit("ad", bigTo, "big").Permit("ad", smallTo, "small").InternalTransition("browse"))
                .Stage("interest", s => s.Permit("checkout", "cart").Permit("browse", "visitor"))
                .Stage("cart", s => s.Goal().Terminal().PermitReentry("checkout"))
                .Build();

        var changes = DefinitionDiff.Compare(Build("interest", "cart"), Build("cart", "interest")).Changes;

        Assert.Equal(
            [
                new DefinitionChange { Element = DefinitionElement.Transition, Kind = DefinitionChangeKind.Retargeted, Id = "visitor --ad [big]-->", Before = "to interest", After = "to cart", AffectsStages = true },
                new DefinitionChange { Element = DefinitionElement.Transition, Kind = DefinitionChangeKind.Retargeted, Id = "visitor --ad [small]-->", Before = "to cart", After = "to interest", AffectsStages = true },
            ],
            changes);
    }

    [Fact]
    public void Compare_InactivityRule_WaitChangedAndRetargeted_AreTold()
    {
        JourneyDefinition Build(double days, string to) =>
            Shop()
                .Stage("visitor", s => s.Permit("ad", "interest").InternalTransition("browse"))
                .Stage("interest", s => s.Permit("checkout", "cart").InternalTransition("browse").Permit("ad", "visitor"))
                .Stage("cart", s => s.Goal().Terminal().PermitReentry("checkout"))
                .WhenInactive(TimeSpan.FromDays(days), to, "interest")
                .Build();

        var waited = Assert.Single(DefinitionDiff.Compare(Build(30, "visitor"), Build(60, "visitor")).Changes);
        var moved = Assert.Single(DefinitionDiff.Compare(Build(30, "visitor"), Build(30, "cart")).Changes);

        Assert.Equal(new DefinitionChange { Element = DefinitionElement.InactivityRule, Kind = DefinitionChangeKind.Changed, Id = "interest", Before = "after 30 days to visitor", After = "after 60 days to visitor", AffectsStages = true }, waited);
        Assert.Equal(DefinitionChangeKind.Retargeted, moved.Kind);
    }

    [Fact]
    public void Compare_LabelsAndChannel_ChangeTheVersionButCannotMoveCustomers()
    {
        var after = new JourneyBuilder("shop")
            .Touchpoint("ad", "social")
            .Touchpoint("browse", "web")
            .Touchpoint("checkout", "web-shop")
            .StartAt("visitor")
            .Stage("visitor", s => s.Name("en", "Visitor").Permit("ad", "interest").InternalTransition("browse"))
            .Stage("interest", s => s.Permit("checkout", "cart").Permit("browse", "visitor"))
            .Stage("cart", s => s.Goal().Terminal().PermitReentry("checkout"))
            .WhenInactive(TimeSpan.FromDays(30), "visitor", "interest")
            .Build();

        var diff = DefinitionDiff.Compare(Base(), after);

        Assert.Equal(2, diff.Changes.Count);
        Assert.False(diff.AffectsStages);
        Assert.NotEqual(diff.BeforeVersion, diff.AfterVersion);
        Assert.Equal(diff.BeforeVersion.Number, diff.AfterVersion.Number);
        Assert.Contains(diff.Changes, c => c is { Element: DefinitionElement.Touchpoint, Id: "ad", Before: "channel=ads", After: "channel=social" });
    }

    [Fact]
    public void Compare_NewStartStageAndGoal_AreStageAffecting()
    {
        var after = Shop()
            .StartAt("interest")
            .Stage("visitor", s => s.Permit("ad", "interest").InternalTransition("browse"))
            .Stage("interest", s => s.Goal().Permit("checkout", "cart").InternalTransition("browse").Permit("ad", "visitor"))
            .Stage("cart", s => s.PermitReentry("checkout").Permit("ad", "visitor"))
            .WhenInactive(TimeSpan.FromDays(30), "visitor", "interest")
            .Build();

        var changes = DefinitionDiff.Compare(Base(), after).Changes;

        Assert.Contains(changes, c => c is { Element: DefinitionElement.Definition, Kind: DefinitionChangeKind.Retargeted, Id: "start", Before: "visitor", After: "interest", AffectsStages: true });
        Assert.Contains(changes, c => c is { Element: DefinitionElement.Stage, Id: "interest", Before: "goal=false", After: "goal=true", AffectsStages: true });
        Assert.Contains(changes, c => c is { Element: DefinitionElement.Stage, Id: "cart", Before: "goal=true, terminal=true", After: "goal=false, terminal=false", AffectsStages: true });
    }

    [Fact]
    public void Version_IsStableAcrossJsonAndParsesBack()
    {
        var template = JourneyTemplates.FiveStage;
        var version = DefinitionVersion.Of(template);

        Assert.Equal(version, DefinitionVersion.Of(JourneyJson.Parse(JourneyJson.Serialize(template))));
        Assert.Equal(1, version.Number);
        Assert.Matches("^1-[0-9a-f]{16}$", version.ToString());
        Assert.Equal(version, DefinitionVersion.Parse(version.ToString()));
        Assert.False(DefinitionVersion.TryParse("1-ABCDEF0123456789", out _));
        Assert.False(DefinitionVersion.TryParse("x-0123456789abcdef", out _));
        Assert.False(DefinitionVersion.TryParse("1-0123", out _));
        Assert.Throws<FormatException>(() => DefinitionVersion.Parse("nonsense"));
    }

    [Property(Arbitrary = [typeof(DefinitionArbitraries)])]
    public void Compare_GeneratedDefinitionWithItself_IsEmpty(GeneratedJourney journey)
    {
        var definition = journey.Build();

        Assert.Empty(DefinitionDiff.Compare(definition, JourneyJson.Parse(JourneyJson.Serialize(definition), journey.Guards)).Changes);
    }

    [Property(Arbitrary = [typeof(DefinitionArbitraries)])]
    public void Compare_Reversed_SwapsAddedAndRemovedAndBeforeAndAfter(GeneratedJourney a, GeneratedJourney b)
    {
        var forward = DefinitionDiff.Compare(a.Definition, b.Definition).Changes;
        var backward = DefinitionDiff.Compare(b.Definition, a.Definition).Changes;

        static (DefinitionElement, DefinitionChangeKind, string, string?, string?) Reverse(DefinitionChange c) =>
            (c.Element, c.Kind switch { DefinitionChangeKind.Added => DefinitionChangeKind.Removed, DefinitionChangeKind.Removed => DefinitionChangeKind.Added, _ => c.Kind }, c.Id, c.After, c.Before);

        Assert.Equal(
            forward.Select(Reverse).OrderBy(x => x.ToString(), StringComparer.Ordinal),
            backward.Select(c => (c.Element, c.Kind, c.Id, c.Before, c.After)).OrderBy(x => x.ToString(), StringComparer.Ordinal));
    }
}
