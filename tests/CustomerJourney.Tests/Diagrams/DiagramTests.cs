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
    public void ToMermaid_SmallDefinition_RendersStatelessStateDiagram()
    {
        // Stateless draws ignored and internal transitions as self-loops; the "[Function]" label Stateless gives the
        // always-true guard of an unguarded internal transition is dropped.
        const string Expected =
            "stateDiagram-v2\n" +
            "\tprepurchase : pre-purchase\n" +
            "\tstate prepurchase {\n" +
            "\t\tbrowsing\n" +
            "\t\tcart\n" +
            "\t}\n" +
            "\tbrowsing --> cart : ad\n" +
            "\tbrowsing --> browsing : survey\n" +
            "\tprepurchase --> browsing : newsletter\n" +
            "\tprepurchase --> prepurchase : survey\n" +
            "\tcart --> bought : checkout [paid]\n" +
            "\tcart --> cart : ad\n" +
            "\tbought --> browsing : ad\n" +
            "[*] --> browsing";

        Assert.Equal(Expected, Normalize(JourneyDiagrams.ToMermaid(Shop())));
    }

    [Fact]
    public void ToDot_SmallDefinition_RendersSuperStageAsCluster()
    {
        const string Expected =
            "digraph {\n" +
            "compound=true;\n" +
            "node [shape=Mrecord]\n" +
            "rankdir=\"LR\"\n" +
            "\n" +
            "subgraph \"clusterpre-purchase\"\n" +
            "\t{\n" +
            "\tlabel = \"pre-purchase\"\n" +
            "\"browsing\" [label=\"browsing\"];\n" +
            "\"cart\" [label=\"cart\"];\n" +
            "}\n" +
            "\"bought\" [label=\"bought\"];\n" +
            "\n" +
            "\"browsing\" -> \"cart\" [style=\"solid\", label=\"ad\"];\n" +
            "\"browsing\" -> \"browsing\" [style=\"solid\", label=\"survey\"];\n" +
            "\"pre-purchase\" -> \"browsing\" [style=\"solid\", label=\"newsletter\"];\n" +
            "\"pre-purchase\" -> \"pre-purchase\" [style=\"solid\", label=\"survey\"];\n" +
            "\"cart\" -> \"bought\" [style=\"solid\", label=\"checkout [paid]\"];\n" +
            "\"cart\" -> \"cart\" [style=\"solid\", label=\"ad\"];\n" +
            "\"bought\" -> \"browsing\" [style=\"solid\", label=\"ad\"];\n" +
            " init [label=\"\", shape=point];\n" +
            " init -> \"browsing\"[style = \"solid\"]\n" +
            "}";

        Assert.Equal(Expected, Normalize(JourneyDiagrams.ToDot(Shop())));
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
