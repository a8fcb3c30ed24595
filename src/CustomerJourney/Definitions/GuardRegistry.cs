using CustomerJourney.Internal;

namespace CustomerJourney.Definitions;

/// <summary>
/// Binds guard names used in definitions to code: named predicates over the touch and the journey.
/// A definition that names a guard missing from the registry it is compiled with is invalid.
/// </summary>
public sealed class GuardRegistry
{
    private readonly Dictionary<string, Func<GuardContext, bool>> _guards = new(StringComparer.Ordinal);

    /// <summary>The registered guard names.</summary>
    public IReadOnlyCollection<string> Names => _guards.Keys;

    /// <summary>Registers (or replaces) a guard.</summary>
    /// <param name="name">The guard's name as used in definitions.</param>
    /// <param name="predicate">The predicate; the transition is allowed when it returns <see langword="true"/>.</param>
    /// <returns>This registry, for chaining.</returns>
    public GuardRegistry Add(string name, Func<GuardContext, bool> predicate)
    {
        Guard.NotNullOrWhiteSpace(name);
        Guard.NotNull(predicate);
        _guards[name] = predicate;
        return this;
    }

    /// <summary>Whether a guard named <paramref name="name"/> is registered.</summary>
    /// <param name="name">The guard name.</param>
    /// <returns><see langword="true"/> when registered.</returns>
    public bool Contains(string name) => _guards.ContainsKey(name);

    /// <summary>Looks up a guard.</summary>
    /// <param name="name">The guard name.</param>
    /// <param name="predicate">The predicate, when found.</param>
    /// <returns><see langword="true"/> when registered.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Func<GuardContext, bool>? predicate) =>
        _guards.TryGetValue(name, out predicate);
}
