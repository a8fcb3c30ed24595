using CustomerJourney.Definitions;
using CustomerJourney.Tracking;

namespace CustomerJourney.DependencyInjection;

/// <summary>
/// Everything <c>AddCustomerJourney</c> calls have registered. One instance per service collection; it doubles as the
/// marker that makes a second <c>AddCustomerJourney</c> call add no service twice.
/// </summary>
internal sealed class JourneyRegistrations
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, Func<IServiceProvider, GuardRegistry, JourneyDefinition>> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<IServiceProvider, Func<GuardContext, bool>>> _guards = new(StringComparer.Ordinal);
    private readonly List<Action<JourneyTrackerOptions>> _options = [];

    public IReadOnlyList<string> Names => _names;

    public string? ExplicitDefault { get; set; }

    public IReadOnlyDictionary<string, Func<IServiceProvider, Func<GuardContext, bool>>> Guards => _guards;

    public IReadOnlyList<Action<JourneyTrackerOptions>> OptionActions => _options;

    /// <summary>Adds or replaces a definition; returns whether the name is new.</summary>
    public bool AddDefinition(string name, Func<IServiceProvider, GuardRegistry, JourneyDefinition> source)
    {
        var added = !_definitions.ContainsKey(name);
        if (added)
        {
            _names.Add(name);
        }

        _definitions[name] = source;
        return added;
    }

    public bool TryGetDefinition(string name, out Func<IServiceProvider, GuardRegistry, JourneyDefinition> source) =>
        _definitions.TryGetValue(name, out source!);

    public void AddGuard(string name, Func<IServiceProvider, Func<GuardContext, bool>> guard) => _guards[name] = guard;

    public void AddOptions(Action<JourneyTrackerOptions> configure) => _options.Add(configure);
}
