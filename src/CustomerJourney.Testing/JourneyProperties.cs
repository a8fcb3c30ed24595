using CustomerJourney.Definitions;
using CustomerJourney.Definitions.Rules;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerJourney.Testing;

/// <summary>
/// FsCheck properties about a definition's tracked journeys, for any test framework: return them from an FsCheck.Xunit
/// <c>[Property]</c> method, or run them with <c>Check.QuickThrowOnFailure</c>. A failure shrinks to a short stream and names the customer,
/// the rule and the stages.
/// </summary>
public static class JourneyProperties
{
    /// <summary>On generated streams, every tracked journey keeps <paramref name="rule"/>.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="rule">The rule.</param>
    /// <param name="guards">The definition's guards.</param>
    /// <param name="options">What the streams contain.</param>
    /// <returns>The property.</returns>
    public static Property KeepsRule(JourneyDefinition definition, StageRule rule, GuardRegistry? guards = null, StreamOptions? options = null) =>
        KeepsRules(definition, [rule], guards, options);

    /// <summary>On generated streams, every tracked journey keeps every rule (the definition's own when <paramref name="rules"/> is <see langword="null"/>).</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="rules">The rules.</param>
    /// <param name="guards">The definition's guards.</param>
    /// <param name="options">What the streams contain.</param>
    /// <returns>The property.</returns>
    public static Property KeepsRules(JourneyDefinition definition, IEnumerable<StageRule>? rules = null, GuardRegistry? guards = null, StreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var list = (rules ?? definition.Rules).ToArray();
        return Prop.ForAll(JourneyGenerators.StreamArbitrary(definition, options, guards), (JourneyStream stream) =>
        {
            var breach = FirstBreach(definition, list, guards, stream);
            if (breach is not null)
            {
                throw new StageRuleViolationException($"{breach}{Environment.NewLine}stream: {stream}");
            }
        });
    }

    /// <summary>Tracks <paramref name="stream"/> in a fresh harness and returns the first breach of any rule, or <see langword="null"/>.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="rules">The rules.</param>
    /// <param name="guards">The definition's guards.</param>
    /// <param name="stream">The stream.</param>
    /// <returns>The first breach.</returns>
    public static RuleBreach? FirstBreach(JourneyDefinition definition, IEnumerable<StageRule> rules, GuardRegistry? guards, JourneyStream stream)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(stream);
        var harness = new JourneyHarness(definition, guards);
        harness.Run(stream);
        return rules.SelectMany(harness.FindBreaches).FirstOrDefault();
    }
}
