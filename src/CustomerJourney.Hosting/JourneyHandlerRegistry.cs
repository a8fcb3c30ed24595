namespace CustomerJourney.Hosting;

/// <summary>The handlers registered with the service collection, in registration order; names are unique.</summary>
internal sealed class JourneyHandlerRegistry
{
    private readonly List<JourneyHandlerRegistration> _handlers = [];

    public IReadOnlyList<JourneyHandlerRegistration> Handlers => _handlers;

    public void Add(JourneyHandlerRegistration registration)
    {
        if (_handlers.Any(h => string.Equals(h.Name, registration.Name, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"A journey handler named '{registration.Name}' is already registered; give each handler its own name (deliveries are recorded by handler name).", nameof(registration));
        }

        _handlers.Add(registration);
    }

    /// <summary>A name not used yet: <paramref name="stem"/>, or <paramref name="stem"/>#2, #3, ... (stable as long as registrations keep their order).</summary>
    public string UniqueName(string stem)
    {
        var name = stem;
        for (var i = 2; _handlers.Any(h => string.Equals(h.Name, name, StringComparison.Ordinal)); i++)
        {
            name = stem + "#" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }
}
