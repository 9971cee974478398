using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Core.BulkEmail;

/// <summary>
/// Sends one batch as one provider request. Its outcome is stored beside the batch before the
/// activity returns, so when the activity runs again (a crash, a lost completion) an accepted batch
/// is reported, not re-sent. Transient answers throw <see cref="TransientFailureException"/> for the
/// orchestrator's retry handler; permanent rejections are returned and recorded.
/// </summary>
public sealed class SendEmailBatchActivity(IBlobStore blobs, IEmailSender sender, ILogger<SendEmailBatchActivity> logger)
    : TaskActivity<SendEmailBatchInput, EmailBatchOutcome>
{
    public override async Task<EmailBatchOutcome> RunAsync(TaskActivityContext context, SendEmailBatchInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outcomeBlob = BlobNames.EmailBatchOutcome(input.JobId, input.Index);
        if (await blobs.ReadJsonAsync<EmailBatchOutcome>(outcomeBlob) is { } recorded)
        {
            Logs.EmailBatchAlreadyDone(logger, input.JobId, input.Index);
            return recorded;
        }

        var message = await blobs.ReadJsonAsync<EmailMessage>(BlobNames.EmailMessage(input.JobId))
            ?? throw new InvalidJobInputException($"The message of job '{input.JobId}' is missing from storage.");
        var recipients = await blobs.ReadJsonAsync<List<EmailRecipient>>(BlobNames.EmailBatch(input.JobId, input.Index))
            ?? throw new InvalidJobInputException($"Batch {input.Index} of job '{input.JobId}' is missing from storage.");

        var result = await sender.SendAsync(new EmailBatch($"{input.JobId}:{input.Index}", message, recipients));
        switch (result.Outcome)
        {
            case EmailSendOutcome.Accepted:
                var sent = new EmailBatchOutcome(input.Index, recipients.Count, Sent: true, result.StatusCode);
                await blobs.WriteJsonAsync(outcomeBlob, sent);
                return sent;
            case EmailSendOutcome.Rejected:
                Logs.EmailBatchRejected(logger, input.JobId, input.Index, result.StatusCode, result.Error);
                var rejected = new EmailBatchOutcome(input.Index, recipients.Count, Sent: false, result.StatusCode, result.Error);
                await blobs.WriteJsonAsync(outcomeBlob, rejected);
                return rejected;
            default:
                throw new TransientFailureException(
                    $"Batch {input.Index}: the provider answered {result.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}: {result.Error}",
                    result.RetryAfter);
        }
    }
}
