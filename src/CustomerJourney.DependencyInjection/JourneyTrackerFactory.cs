using System.Collections.Concurrent;
using CustomerJourney.Definitions;
using CustomerJourney.Engine;
using CustomerJourney.Storage;
using CustomerJourney.Tracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerJourney.DependencyInjection;

/// <summary>Compiles each registered definition once, binding guards from DI, and keeps its tracker.</summary>
internal sealed class JourneyTrackerFactory : IJourneyTrackerFactory
{
    private readonly IServiceProvider _services;
    private readonly JourneyRegistrations _registrations;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<StoreBackedJourneyTracker>> _trackers = new(StringComparer.Ordinal);
    private readonly Lazy<GuardRegistry> _guards;
    private readonly Lazy<JourneyTrackerOptions> _options;

    public JourneyTrackerFactory(IServiceProvider services, JourneyRegistrations registrations)
    {
        _services = services;
        _registrations = registrations;
        _logger = services.GetService<ILogger<IJourneyTrackerFactory>>() ?? NullLogger<IJourneyTrackerFactory>.Instance;
        _guards = new Lazy<GuardRegistry>(BuildGuards);
        _options = new Lazy<JourneyTrackerOptions>(BuildOptions);
    }

    public IReadOnlyList<string> Names => _registrations.Names;

    /// <summary>The tracker options every journey shares.</summary>
    internal JourneyTrackerOptions Options => _options.Value;

    public string DefaultName
    {
        get
        {
            if (_registrations.Names.Count == 0)
            {
                throw new InvalidOperationException("No journey definition is registered; call AddTemplate, AddDefinition or AddJsonFile in AddCustomerJourney.");
            }

            var name = _registrations.ExplicitDefault ?? _registrations.Names[0];
            return _registrations.TryGetDefinition(name, out _)
                ? name
                : throw new InvalidOperationException($"The default journey '{name}' is not registered; the registered journeys are: {string.Join(", ", _registrations.Names)}.");
        }
    }

    public StoreBackedJourneyTracker Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_registrations.TryGetDefinition(name, out _))
        {
            throw new KeyNotFoundException($"No journey is registered as '{name}'; the registered journeys are: {string.Join(", ", _registrations.Names)}.");
        }

        return _trackers.GetOrAdd(name, n => new Lazy<StoreBackedJourneyTracker>(() => Create(n))).Value;
    }

    public void ValidateAll()
    {
        var problems = _options.Value.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The journey tracker options configured with AddCustomerJourney(...).Configure(...) are invalid: {string.Join(" ", problems)}", "options");
        }

        var failures = new List<(string Name, IReadOnlyList<DefinitionError> Errors, Exception Exception)>();
        foreach (var name in _registrations.Names)
        {
            try
            {
                Get(name);
            }
            catch (JourneyDefinitionException e)
            {
                failures.Add((name, e.Errors, e));
            }
            catch (Exception e) when (e is JourneyDefinitionFormatException or IOException or UnauthorizedAccessException or KeyNotFoundException)
            {
                failures.Add((name, [new DefinitionError { Code = "CJ000", Path = "document", Message = e.Message }], e));
            }
        }

        foreach (var (name, errors, exception) in failures)
        {
            Log.JourneyInvalid(_logger, name, errors.Count, exception);
        }

        if (failures.Count == 1 && failures[0].Exception is JourneyDefinitionException single)
        {
            throw single;
        }

        if (failures.Count > 0)
        {
            throw new JourneyDefinitionException(
                string.Join(", ", failures.Select(f => f.Name)),
                failures.SelectMany(f => f.Errors.Select(e => e with { Path = $"{f.Name}: {e.Path}" })).ToList());
        }

        Log.JourneysValidated(_logger, _registrations.Names.Count, DefaultName);
    }

    private StoreBackedJourneyTracker Create(string name)
    {
        _registrations.TryGetDefinition(name, out var source);
        var guards = _guards.Value;
        var definition = source(_services, guards);
        var engine = JourneyEngine.Compile(definition, guards);
        var tracker = new StoreBackedJourneyTracker(
            engine,
            _services.GetRequiredService<IJourneyStore>(),
            _options.Value,
            _services.GetService<TimeProvider>() ?? TimeProvider.System);
        Log.JourneyCompiled(
            _logger,
            name,
            definition.Name,
            definition.Version,
            definition.Stages.Count,
            definition.Touchpoints.Count,
            definition.Transitions.Count,
            definition.Transitions.Where(t => t.Guard is not null).Select(t => t.Guard).Distinct(StringComparer.Ordinal).Count());
        return tracker;
    }

    private GuardRegistry BuildGuards()
    {
        var registry = new GuardRegistry();
        foreach (var (name, resolve) in _registrations.Guards)
        {
            registry.Add(name, resolve(_services));
        }

        return registry;
    }

    private JourneyTrackerOptions BuildOptions()
    {
        var options = new JourneyTrackerOptions();
        foreach (var configure in _registrations.OptionActions)
        {
            configure(options);
        }

        return options;
    }
}
