using System.Globalization;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.Core.BulkEmail;

/// <summary>
/// Sends one batch as one provider request, at most once per job run:
/// <list type="bullet">
/// <item>A recorded outcome is returned as it is: an accepted batch is never sent again.</item>
/// <item>Before sending, the attempt takes the batch's claim atomically, so two attempts of the same
/// activity (queues deliver at least once) never both send it. A transient answer releases the
/// claim for the retry.</item>
/// <item>A claim without an outcome that is older than <see cref="BulkEmailLimits.SendClaimTimeout"/>
/// means an attempt stopped mid-send (a crash): the provider may have the batch, so it is recorded
/// as failed with an "outcome unknown" reason, never resent.</item>
/// </list>
/// A batch of a canceled job is not sent.
/// Transient answers throw <see cref="TransientFailureException"/> for the retry handler; permanent
/// rejections are returned and recorded.
/// </summary>
public sealed class SendEmailBatchActivity(IBlobStore blobs, IEmailSender sender, TimeProvider time, ILogger<SendEmailBatchActivity> logger)
    : TaskActivity<SendEmailBatchInput, EmailBatchOutcome>
{
    private const int OutcomeWriteAttempts = 5;

    public override async Task<EmailBatchOutcome> RunAsync(TaskActivityContext context, SendEmailBatchInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (run, index) = (input.Run, input.Index);
        var outcomeBlob = BlobNames.EmailBatchOutcome(run, index);
        if (await blobs.ReadJsonAsync<EmailBatchOutcome>(outcomeBlob) is { } recorded)
        {
            Logs.EmailBatchAlreadyDone(logger, run.JobId, index);
            return recorded;
        }

        // A canceled job is terminated, but an attempt already dispatched still runs: it sends nothing.
        if (await blobs.ExistsAsync(BlobNames.JobCancellation(run.JobId)))
        {
            return new EmailBatchOutcome(index, 0, Sent: false, Error: "Not sent: the job was canceled.");
        }

        var recipients = await blobs.ReadJsonAsync<List<EmailRecipient>>(BlobNames.EmailBatch(run, index))
            ?? throw new InvalidJobInputException($"Batch {index} of job '{run.JobId}' is missing from storage.");
        var message = await blobs.ReadJsonAsync<EmailMessage>(BlobNames.EmailMessage(run))
            ?? throw new InvalidJobInputException($"The message of job '{run.JobId}' is missing from storage.");

        var claimBlob = BlobNames.EmailBatchClaim(run, index);
        if (!await blobs.TryCreateJsonAsync(claimBlob, new EmailBatchClaim(time.GetUtcNow())))
        {
            return await ResolveExistingClaimAsync(run, index, recipients.Count, claimBlob, outcomeBlob);
        }

        // The run is part of the id, so a restarted job's batches are told apart from the first run's.
        var result = await sender.SendAsync(new EmailBatch($"{run.JobId}:{run.RunId}:{index}", message, recipients));
        switch (result.Outcome)
        {
            case EmailSendOutcome.Accepted:
                return await RecordAsync(outcomeBlob, new EmailBatchOutcome(index, recipients.Count, Sent: true, result.StatusCode));
            case EmailSendOutcome.Rejected:
                Logs.EmailBatchRejected(logger, run.JobId, index, result.StatusCode, result.Error);
                return await RecordAsync(outcomeBlob, new EmailBatchOutcome(index, recipients.Count, Sent: false, result.StatusCode, result.Error));
            default:
                // Not accepted: free the batch for the retry.
                await blobs.DeletePrefixAsync(claimBlob);
                throw new TransientFailureException(
                    $"Batch {index}: the provider answered {result.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "nothing"}: {result.Error}",
                    result.RetryAfter);
        }
    }

    private async Task<EmailBatchOutcome> ResolveExistingClaimAsync(JobRun run, int index, int recipients, string claimBlob, string outcomeBlob)
    {
        // The other attempt may have finished between our first look and the claim.
        if (await blobs.ReadJsonAsync<EmailBatchOutcome>(outcomeBlob) is { } recorded)
        {
            return recorded;
        }

        var claim = await blobs.ReadJsonAsync<EmailBatchClaim>(claimBlob);
        var age = time.GetUtcNow() - (claim?.ClaimedAt ?? DateTimeOffset.MinValue);
        if (age < BulkEmailLimits.SendClaimTimeout)
        {
            throw new TransientFailureException(
                string.Create(CultureInfo.InvariantCulture, $"Batch {index}: another attempt has been sending it for {age.TotalSeconds:0} s."),
                BulkEmailLimits.SendClaimTimeout - age);
        }

        Logs.EmailBatchOutcomeUnknown(logger, run.JobId, index);
        return await RecordAsync(outcomeBlob, new EmailBatchOutcome(
            index,
            recipients,
            Sent: false,
            Error: "outcome unknown: an earlier attempt stopped while sending this batch; not resent, so that no one is mailed twice"));
    }

    /// <summary>
    /// Stores the outcome, retrying a failed write here rather than failing the activity: after an
    /// accepted send, a thrown exception would make the orchestrator retry the batch.
    /// </summary>
    private async Task<EmailBatchOutcome> RecordAsync(string outcomeBlob, EmailBatchOutcome outcome)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await blobs.WriteJsonAsync(outcomeBlob, outcome);
                return outcome;
            }
#pragma warning disable CA1031 // Any storage failure: the outcome still goes back to the orchestrator, which is what counts.
            catch (Exception ex) when (attempt < OutcomeWriteAttempts)
#pragma warning restore CA1031
            {
                Logs.EmailBatchOutcomeWriteFailed(logger, outcomeBlob, attempt, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time);
            }
#pragma warning disable CA1031
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // The claim stays, so a later attempt of this batch will not send it again either.
                Logs.EmailBatchOutcomeWriteFailed(logger, outcomeBlob, attempt, ex);
                return outcome;
            }
        }
    }
}
