namespace CustomerJourney.Hosting;

/// <summary>One <c>ConfigureDispatcher</c> call's change of the options.</summary>
internal sealed record DispatcherConfiguration(Action<JourneyDispatcherOptions> Configure);
