namespace BackgroundJobs.Core.Email;

/// <summary>
/// Hands one batch of personalized messages to the e-mail provider in a single request. It never
/// throws for a provider answer: the outcome says whether the batch was accepted, may be retried,
/// or was rejected for good.
/// </summary>
public interface IEmailSender
{
    Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken = default);
}
