namespace CustomerJourney.Sample;

/// <summary>Sends e-mail to customers; the sample's stage handlers depend on it.</summary>
public interface IEmailSender
{
    /// <summary>Sends one e-mail.</summary>
    /// <param name="customerId">The recipient.</param>
    /// <param name="template">Which e-mail, e.g. <c>win-back</c>.</param>
    /// <param name="idempotencyKey">The same for every repeat of one delivery (the transition's delivery id): a real sender drops repeats.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task.</returns>
    Task SendAsync(string customerId, string template, string idempotencyKey, CancellationToken cancellationToken);
}
