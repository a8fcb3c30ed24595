using System.Reflection;
using CustomerJourney.Definitions;

namespace CustomerJourney.Templates;

/// <summary>
/// Built-in journey definitions drawn from the literature: the five-stage model, the customer lifecycle, the
/// decision path and the intent path. Each carries display names in en, lt, sk, fi, ru and fa, realistic touchpoints
/// with channels, owners, tasks and KPIs, and loops back to earlier stages.
/// </summary>
public static class JourneyTemplates
{
    /// <summary>The name of the five-stage template: Awareness → Consideration → Purchase → Post-purchase → Advocacy.</summary>
    public const string FiveStageName = "five-stage";

    /// <summary>The name of the lifecycle template: Awareness → Acquisition → Onboarding → Engagement → Advocacy.</summary>
    public const string LifecycleName = "lifecycle";

    /// <summary>The name of the decision-path template: need → search and evaluation → purchase → usage → repeat and recommendation.</summary>
    public const string DecisionPathName = "decision-path";

    /// <summary>The name of the intent-path template, grouped into pre-purchase, purchase and post-purchase super-stages.</summary>
    public const string IntentPathName = "intent-path";

    private static readonly Lazy<IReadOnlyDictionary<string, JourneyDefinition>> Loaded = new(Load);

    /// <summary>The names of the built-in templates.</summary>
    public static IReadOnlyList<string> Names { get; } = [FiveStageName, LifecycleName, DecisionPathName, IntentPathName];

    /// <summary>The five-stage template.</summary>
    public static JourneyDefinition FiveStage => Get(FiveStageName);

    /// <summary>The lifecycle template.</summary>
    public static JourneyDefinition Lifecycle => Get(LifecycleName);

    /// <summary>The decision-path template.</summary>
    public static JourneyDefinition DecisionPath => Get(DecisionPathName);

    /// <summary>The intent-path template.</summary>
    public static JourneyDefinition IntentPath => Get(IntentPathName);

    /// <summary>Every built-in template, in <see cref="Names"/> order.</summary>
    public static IReadOnlyList<JourneyDefinition> All => Names.Select(Get).ToList();

    /// <summary>The template named <paramref name="name"/>.</summary>
    /// <param name="name">A template name from <see cref="Names"/>.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="KeyNotFoundException">No template has that name.</exception>
    public static JourneyDefinition Get(string name) =>
        TryGet(name, out var definition)
            ? definition
            : throw new KeyNotFoundException($"No built-in template is named '{name}'; the templates are: {string.Join(", ", Names)}.");

    /// <summary>Looks up a template.</summary>
    /// <param name="name">A template name.</param>
    /// <param name="definition">The definition, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JourneyDefinition? definition) =>
        Loaded.Value.TryGetValue(name, out definition);

    private static IReadOnlyDictionary<string, JourneyDefinition> Load()
    {
        var assembly = typeof(JourneyTemplates).Assembly;
        var templates = new Dictionary<string, JourneyDefinition>(StringComparer.Ordinal);
        foreach (var name in Names)
        {
            using var stream = assembly.GetManifestResourceStream($"CustomerJourney.Templates.{name}.json")
                ?? throw new InvalidOperationException($"The built-in template '{name}' is missing from the assembly.");
            templates[name] = JourneyJson.Parse(stream);
        }

        return templates;
    }
}
