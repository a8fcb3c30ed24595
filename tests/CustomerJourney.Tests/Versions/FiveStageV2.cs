using System.Text.Json.Nodes;
using CustomerJourney.Definitions;
using CustomerJourney.Templates;

namespace CustomerJourney.Tests.Versions;

/// <summary>
/// A second version of the five-stage template, as a marketer might edit it: an intent stage between consideration and
/// purchase (reached by a comparison site, lapsing after 30 days), the radio ad dropped, and a competitor click from
/// consideration now counted as lapsed.
/// </summary>
internal static class FiveStageV2
{
    public static string Json()
    {
        var root = JsonNode.Parse(JourneyJson.Serialize(JourneyTemplates.FiveStage))!.AsObject();
        root["version"] = 2;
        root["stages"]!.AsArray().Insert(2, new JsonObject { ["id"] = "intent", ["names"] = new JsonObject { ["en"] = "Intent" } });
        var touchpoints = root["touchpoints"]!.AsArray();
        touchpoints.Remove(touchpoints.First(t => (string?)t!["id"] == "radio-ad"));
        var transitions = new JsonArray();
        foreach (var node in root["transitions"]!.AsArray().ToArray())
        {
            var t = node!.AsObject();
            var (from, on) = ((string?)t["from"], (string?)t["on"]);
            if (on == "radio-ad")
            {
                continue;
            }

            transitions.Add(
                (from, on) switch
                {
                    ("consideration", "comparison-site") => Permit("consideration", "comparison-site", "intent"),
                    ("consideration", "competitor-click") => Permit("consideration", "competitor-click", "lapsed"),
                    _ => t.DeepClone(),
                });
        }

        foreach (var on in new[] { "store-purchase", "web-shop-checkout", "affiliate-sale" })
        {
            transitions.Add(Permit("intent", on, "purchase"));
        }

        transitions.Add(new JsonObject { ["from"] = "intent", ["on"] = "comparison-site", ["kind"] = "internal" });
        transitions.Add(Permit("intent", "competitor-click", "awareness"));
        root["transitions"] = transitions;
        root["inactivity"]!.AsArray().Add(new JsonObject { ["stage"] = "intent", ["afterDays"] = 30, ["to"] = "lapsed" });
        return root.ToJsonString();

        static JsonObject Permit(string from, string on, string to) => new() { ["from"] = from, ["on"] = on, ["kind"] = "permit", ["to"] = to };
    }

    public static JourneyDefinition Definition() => JourneyJson.Parse(Json());
}
