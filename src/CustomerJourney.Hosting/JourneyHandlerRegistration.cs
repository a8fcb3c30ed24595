using CustomerJourney.Acting;

namespace CustomerJourney.Hosting;

/// <summary>One registered handler: its stable name, which transitions it wants and how to call it in a scope.</summary>
internal sealed record JourneyHandlerRegistration(
    string Name,
    string? Journey,
    Func<JourneyTransition, bool> Filter,
    Func<IServiceProvider, JourneyTransition, CancellationToken, ValueTask> Invoke,
    IReadOnlyList<Type> Services)
{
    public bool Wants(JourneyTransition transition) =>
        (Journey is null || string.Equals(Journey, transition.Key.DefinitionName, StringComparison.Ordinal)) && Filter(transition);
}
