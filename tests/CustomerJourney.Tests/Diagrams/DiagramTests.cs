using System.Globalization;
using CustomerJourney.Definitions;
using CustomerJourney.Diagrams;

namespace CustomerJourney.Tests.Diagrams;

public sealed class DiagramTests
{
    private static JourneyDefinition Shop() =>
        new JourneyBuilder("shop")
            .Describe("A small shop")
            .Stage("browsing", s => s.Name("en", "Browsing").Within("pre-purchase").Permit("ad", "cart").Ignore("survey"))
            .Stage("cart", s => s.Name("en", "Cart").Within("pre-purchase").Permit("checkout", "bought", guard: "paid").PermitReentry("ad"))
            .Stage("pre-purchase", s => s.Name("en", "Before buying").Permit("newsletter", "browsing").InternalTransition("survey"))
            .Stage("bought", s => s.Name("en", "Bought").Name("lt", "Nupirkta").Goal().Permit("ad", "browsing"))
            .Touchpoint("ad", "search", t => t.ExpectedIn("browsing", "bought").OwnedBy("Ads team"))
            .Touchpoint("checkout", "web-shop", t => t.ExpectedIn("cart"))
            .Touchpoint("newsletter", "email", t => t.ExpectedIn("pre-purchase"))
            .Touchpoint("survey", "email")
            .StartAt("browsing")
            .Build();

    [Fact]
    public void ToMermaid_SmallDefinition_DeclaresNamedStatesCompositesAndSelfLoops()
    {
        // Ignored and internal transitions are self-loops; 'pre-purchase' is no Mermaid ID, so it gets a safe one and its
        // key is shown in the label.
        const string Expected = """
            stateDiagram-v2
                state "Browsing" as browsing
                state "Cart" as cart
                state "Before buying (pre-purchase)" as stage_pre_purchase
                state "Bought" as bought
                state stage_pre_purchase {
                    browsing
                    cart
                }
                [*] --> browsing
                browsing --> cart : ad
                browsing --> browsing : survey
                cart --> bought : checkout [paid]
                cart --> cart : ad
                stage_pre_purchase --> browsing : newsletter
                stage_pre_purchase --> stage_pre_purchase : survey
                bought --> browsing : ad
            """;

        Assert.Equal(Expected, Normalize(JourneyDiagrams.ToMermaid(Shop())));
    }

    [Fact]
    public void ToDot_SmallDefinition_RendersSuperStageAsCluster()
    {
        const string Expected = """
            digraph "shop" {
                compound=true;
                rankdir="LR";
                node [shape=Mrecord];
                subgraph "cluster_pre-purchase" {
                    label="Before buying";
                    "pre-purchase" [label="Before buying", shape=plaintext];
                    "browsing" [label="Browsing"];
                    "cart" [label="Cart"];
                }
                "bought" [label="Bought", peripheries=2];
                __start [label="", shape=point];
                __start -> "browsing";
                "browsing" -> "cart" [label="ad"];
                "browsing" -> "browsing" [label="survey", style="dashed"];
                "cart" -> "bought" [label="checkout [paid]"];
                "cart" -> "cart" [label="ad", style="dashed"];
                "pre-purchase" -> "browsing" [label="newsletter"];
                "pre-purchase" -> "pre-purchase" [label="survey", style="dashed"];
                "bought" -> "browsing" [label="ad"];
            }
            """;

        Assert.Equal(Expected, Normalize(JourneyDiagrams.ToDot(Shop())));
    }

    [Fact]
    public void ToMermaid_KeywordStageIds_GetSafeIdsAndKeepTheKeyInTheLabel()
    {
        var definition = new JourneyBuilder("keywords")
            .Stage("state", s => s.Permit("go", "classDef"))
            .Stage("classDef", s => s.Permit("go", "end"))
            .Stage("end", s => s.Goal().Terminal())
            .Touchpoint("go", "web")
            .StartAt("state")
            .Build();

        var lines = JourneyDiagrams.ToMermaid(definition).Split('\n');

        Assert.Contains("    state \"state\" as stage_state", lines);
        Assert.Contains("    state \"classDef\" as stage_classDef", lines);
        Assert.Contains("    state \"end\" as stage_end", lines);
        Assert.Contains("    [*] --> stage_state", lines);
        Assert.Contains("    stage_classDef --> stage_end : go", lines);
        Assert.DoesNotContain(lines, l => l.Contains("--> end", StringComparison.Ordinal) || l.StartsWith("    end ", StringComparison.Ordinal));
    }

    [Fact]
    public void ToMermaidAndDot_Culture_LabelStagesInThatLanguageKeepingKeysAsIds()
    {
        var lt = CultureInfo.GetCultureInfo("lt");
        var five = Templates.JourneyTemplates.FiveStage;
        var awareness = five.GetStage("awareness").GetDisplayName(lt);

        var mermaid = JourneyDiagrams.ToMermaid(five, lt);
        var dot = JourneyDiagrams.ToDot(five, lt);

        Assert.NotEqual("awareness", awareness);
        Assert.Contains($"    state \"{awareness}\" as awareness\n", mermaid, StringComparison.Ordinal);
        Assert.Contains($"\"awareness\" [label=\"{awareness}\"", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDot_QuotesAndBackslashesInNames_AreEscaped()
    {
        var definition = new JourneyBuilder("q")
            .Stage("a", s => s.Name("en", "Say \"hi\" \\ bye").Permit("go", "b"))
            .Stage("b", s => s.Name("en", "x;#y").Goal().Terminal())
            .Touchpoint("go", "web")
            .StartAt("a")
            .Build();

        Assert.Contains("\"a\" [label=\"Say \\\"hi\\\" \\\\ bye\"];", JourneyDiagrams.ToDot(definition), StringComparison.Ordinal);
        Assert.Contains("state \"x#59;#35;y\" as b", JourneyDiagrams.ToMermaid(definition), StringComparison.Ordinal);
    }

    [Fact]
    public void ToMermaidJourney_SmallDefinition_ListsExpectedTouchpointsPerStageInVisitOrder()
    {
        // Sections follow breadth-first order from the start stage; the super-stage is never entered directly, so it
        // comes last. The survey is expected nowhere and so appears in no section.
        const string Expected = """
            journey
                title A small shop
                section Browsing
                  ad: 3: Ads team
                section Cart
                  checkout: 3: web-shop
                section Bought
                  ad: 3: Ads team
                section Before buying
                  newsletter: 3: email

            """;

        Assert.Equal(Expected.ReplaceLineEndings("\n"), JourneyDiagrams.ToMermaidJourney(Shop()));
    }

    [Fact]
    public void ToMermaidJourney_Culture_UsesThatCulturesNamesFallingBackToEnglish()
    {
        var text = JourneyDiagrams.ToMermaidJourney(Shop(), CultureInfo.GetCultureInfo("lt"), t => t.Id == "ad" ? 9 : 0);

        Assert.Contains("    section Nupirkta\n      ad: 5: Ads team\n", text, StringComparison.Ordinal);
        Assert.Contains("    section Cart\n      checkout: 1: web-shop\n", text, StringComparison.Ordinal);
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n');
}
