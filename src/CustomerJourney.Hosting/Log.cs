using Microsoft.Extensions.Logging;

namespace CustomerJourney.Hosting;

/// <summary>Source-generated log messages of the dispatcher.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 101, EventName = "DispatcherStarted", Level = LogLevel.Information,
        Message = "Journey dispatcher {Instance} started: {Handlers} handlers, {Journeys} journeys, delivery log {Durability}")]
    public static partial void Started(ILogger logger, string instance, int handlers, int journeys, string durability);

    [LoggerMessage(EventId = 102, EventName = "DeliveryFailed", Level = LogLevel.Warning,
        Message = "Handler '{Handler}' failed delivery {DeliveryId} ({Transition}), attempt {Attempt}; retrying at {RetryAt:O}")]
    public static partial void Failed(ILogger logger, string handler, string deliveryId, JourneyTransitionText transition, int attempt, DateTimeOffset retryAt, Exception exception);

    [LoggerMessage(EventId = 103, EventName = "DeliveryParked", Level = LogLevel.Error,
        Message = "Handler '{Handler}' failed delivery {DeliveryId} ({Transition}) {Attempt} times: parked (re-drive with journey deliveries --retry {Id})")]
    public static partial void Parked(ILogger logger, string handler, string deliveryId, JourneyTransitionText transition, int attempt, long id, Exception? exception);

    [LoggerMessage(EventId = 104, EventName = "LapseApplied", Level = LogLevel.Debug,
        Message = "Inactivity lapse of {Customer} on '{Journey}' applied at {DueAt:O}")]
    public static partial void LapseApplied(ILogger logger, string customer, string journey, DateTimeOffset dueAt);

    [LoggerMessage(EventId = 105, EventName = "DispatcherError", Level = LogLevel.Error,
        Message = "Journey dispatcher round failed; retrying in {Delay}")]
    public static partial void RoundFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 106, EventName = "InMemoryDeliveries", Level = LogLevel.Warning,
        Message = "Journey handlers run over an in-memory store: deliveries are not durable and are lost when the process ends")]
    public static partial void NotDurable(ILogger logger);
}

/// <summary>A transition's text for log messages.</summary>
internal readonly record struct JourneyTransitionText(string Text)
{
    public override string ToString() => Text;
}
