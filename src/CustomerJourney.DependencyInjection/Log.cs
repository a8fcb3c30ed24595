using Microsoft.Extensions.Logging;

namespace CustomerJourney.DependencyInjection;

/// <summary>Source-generated log messages of the DI layer.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "JourneyCompiled", Level = LogLevel.Information,
        Message = "Journey '{Name}' (definition '{DefinitionName}' v{Version}) compiled: {Stages} stages, {Touchpoints} touchpoints, {Transitions} transitions, {Guards} guards bound")]
    public static partial void JourneyCompiled(ILogger logger, string name, string definitionName, int version, int stages, int touchpoints, int transitions, int guards);

    [LoggerMessage(EventId = 2, EventName = "JourneysValidated", Level = LogLevel.Information,
        Message = "{Count} journey definitions validated at start-up; the default is '{DefaultName}'")]
    public static partial void JourneysValidated(ILogger logger, int count, string defaultName);

    [LoggerMessage(EventId = 3, EventName = "JourneyInvalid", Level = LogLevel.Error,
        Message = "Journey '{Name}' is invalid ({ErrorCount} errors)")]
    public static partial void JourneyInvalid(ILogger logger, string name, int errorCount, Exception exception);
}
