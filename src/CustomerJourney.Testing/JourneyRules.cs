using System.Text;
using CustomerJourney.Definitions;
using CustomerJourney.Definitions.Rules;
using FsCheck;
using FsCheck.Fluent;

namespace CustomerJourney.Testing;

/// <summary>
/// Checks stage rules the way a test wants: exactly on the stage graph first; a rule whose counterexample depends on guards is then
/// sampled on generated streams with the real guards. Throws <see cref="StageRuleViolationException"/> listing every rule that fails,
/// each with its shortest counterexample.
/// </summary>
public static class JourneyRules
{
    /// <summary>Verifies rules (the definition's own when <paramref name="rules"/> is <see langword="null"/>).</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="rules">The rules.</param>
    /// <param name="guards">The definition's guards, for sampling rules that depend on them.</param>
    /// <param name="samples">How many generated streams to try per guard-dependent rule.</param>
    /// <returns>The exact verdicts, when every rule holds or is not broken by sampling.</returns>
    /// <exception cref="StageRuleViolationException">A rule does not hold.</exception>
    public static IReadOnlyList<RuleCheckResult> Verify(JourneyDefinition definition, IEnumerable<StageRule>? rules = null, GuardRegistry? guards = null, int samples = 300)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var results = new StageRuleChecker(definition).CheckAll(rules);
        var failures = new StringBuilder();
        foreach (var result in results)
        {
            if (result.Verdict == RuleVerdict.Violated)
            {
                failures.AppendLine(result.ToString());
            }
            else if (result.NeedsSampling && Sample(definition, result.Rule, guards, StreamOptions.Everything, samples, seed: 1) is { } breach)
            {
                failures.AppendLine($"violated (found by sampling): {breach}");
            }
        }

        return failures.Length == 0
            ? results
            : throw new StageRuleViolationException($"Journey '{definition.Name}' breaks its stage rules:{Environment.NewLine}{failures}");
    }

    /// <summary>
    /// Samples <paramref name="samples"/> generated streams (deterministically, from <paramref name="seed"/>) and returns the first breach of
    /// <paramref name="rule"/>, or <see langword="null"/> when none of them breaks it.
    /// </summary>
    /// <param name="definition">The definition.</param>
    /// <param name="rule">The rule.</param>
    /// <param name="guards">The definition's guards.</param>
    /// <param name="options">What the streams contain.</param>
    /// <param name="samples">How many streams.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The first breach found.</returns>
    public static RuleBreach? Sample(JourneyDefinition definition, StageRule rule, GuardRegistry? guards = null, StreamOptions? options = null, int samples = 300, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(rule);
        var streams = JourneyGenerators.Streams(definition, options, guards).Sample(numberOfSamples: samples, seed: new Rnd(seed), size: Math.Min(30, (options ?? StreamOptions.Default).MaxLength));
        foreach (var stream in streams)
        {
            if (JourneyProperties.FirstBreach(definition, [rule], guards, stream) is { } breach)
            {
                return breach;
            }
        }

        return null;
    }
}
