namespace CustomerJourney.Sample;

/// <summary>A fake sender: logs the e-mail it would send.</summary>
/// <param name="logger">Where the e-mails go.</param>
public sealed partial class LoggingEmailSender(ILogger<LoggingEmailSender> logger) : IEmailSender
{
    /// <inheritdoc />
    public Task SendAsync(string customerId, string template, string idempotencyKey, CancellationToken cancellationToken)
    {
        Sent(logger, template, customerId, idempotencyKey);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "(fake) {Template} e-mail to customer {CustomerId} (idempotency key {Key})")]
    private static partial void Sent(ILogger logger, string template, string customerId, string key);
}
