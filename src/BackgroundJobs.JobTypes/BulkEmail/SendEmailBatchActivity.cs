using System.Globalization;
using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>
/// Sends one batch as one provider request, once per job run:
/// <list type="bullet">
/// <item>A recorded outcome is returned as it is: an accepted batch is never sent again.</item>
/// <item>Before sending, the attempt takes the batch's claim atomically, so two attempts of the same
/// activity (queues deliver at least once) never both send it. A transient answer releases the
/// claim for the retry.</item>
/// <item>A claim without an outcome that is older than <see cref="BulkEmailOptions.SendClaimTimeout"/>
/// means an attempt stopped mid-send (a crash): the provider may have the batch. With a
/// <see cref="IEmailDeliveryLookup"/>, the provider is asked, once its records have settled
/// (<see cref="BulkEmailOptions.DeliveryLookupSettleDelay"/>): found is recorded as sent, not found
/// is sent again under the next generation of the claim. Without one, the batch is recorded as
/// failed with an "outcome unknown" reason and never resent (at most once).</item>
/// <item>An answer that leaves the outcome unknown (<see cref="EmailSendOutcome.Unknown"/>: a timeout, a
/// connection lost mid-request, a 5xx) takes that same path at once: the claim is kept, and the retry
/// asks the provider once its records settle, or, without a lookup, the batch is recorded as
/// "outcome unknown" now.</item>
/// <item>A job with <c>onUnknownOutcome: resend</c> (<see cref="UnknownOutcome.Resend"/>) chose at least
/// once instead: an unknown outcome releases the claim for the retry, and a stale claim that cannot
/// be looked up is sent again.</item>
/// </list>
/// A batch of a canceled job is not sent.
/// Transient answers (the provider provably did not take the batch) throw
/// <see cref="TransientFailureException"/> for the retry handler; permanent rejections are returned and recorded.
/// </summary>
public sealed class SendEmailBatchActivity(
    IBlobStore blobs,
    IEmailSender sender,
    IEmailDeliveryLookup deliveryLookup,
    IOptions<BulkEmailOptions> options,
    TimeProvider time,
    ILogger<SendEmailBatchActivity> logger)
    : TaskActivity<SendEmailBatchInput, EmailBatchOutcome>
{
    private const int OutcomeWriteAttempts = 5;
    private const string StoppedMidSend = "an earlier attempt stopped while sending this batch";

    private readonly TimeSpan claimTimeout = options.Value.SendClaimTimeout;
    private readonly TimeSpan settleDelay = options.Value.DeliveryLookupSettleDelay > options.Value.SendClaimTimeout
        ? options.Value.DeliveryLookupSettleDelay
        : options.Value.SendClaimTimeout;

    /// <summary>The id the provider sees; the run is part of it, so a restarted job's batches are told apart from the first run's.</summary>
    public static string BatchId(JobRun run, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{run?.JobId}:{run?.RunId}:{index}");

    public override async Task<EmailBatchOutcome> RunAsync(TaskActivityContext context, SendEmailBatchInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var batch = new BatchRef(input.Run, input.Index, UnknownOutcome.Resends(input.OnUnknownOutcome));

        // A canceled job is terminated, but an attempt already dispatched still runs: it sends nothing.
        if (await blobs.ExistsAsync(BlobNames.JobCancellation(batch.Run.JobId)))
        {
            return new EmailBatchOutcome(batch.Index, 0, Sent: false, Error: "Not sent: the job was canceled.");
        }

        var recipients = await blobs.ReadJsonAsync<List<EmailRecipient>>(BlobNames.EmailBatch(batch.Run, batch.Index))
            ?? throw new InvalidJobInputException($"Batch {batch.Index} of job '{batch.Run.JobId}' is missing from storage.");
        var message = await blobs.ReadJsonAsync<EmailMessage>(BlobNames.EmailMessage(batch.Run))
            ?? throw new InvalidJobInputException($"The message of job '{batch.Run.JobId}' is missing from storage.");
        var email = new EmailBatch(BatchId(batch.Run, batch.Index), message, recipients);

        // The common case costs one create: the first generation of the claim is free. An outcome is
        // only ever recorded under a claim, so while generation 0 was free there is none to look for.
        if (await blobs.TryCreateJsonAsync(batch.Claim(0), new EmailBatchClaim(time.GetUtcNow())))
        {
            return await SendAsync(batch, 0, email);
        }

        return await ResolveExistingClaimAsync(batch, email);
    }

    private async Task<EmailBatchOutcome> SendAsync(BatchRef batch, int generation, EmailBatch email)
    {
        var result = await sender.SendAsync(email);
        switch (result.Outcome)
        {
            case EmailSendOutcome.Accepted:
                return await RecordAsync(batch, new EmailBatchOutcome(batch.Index, email.Recipients.Count, Sent: true, result.StatusCode));
            case EmailSendOutcome.Rejected:
                BulkEmailLogs.EmailBatchRejected(logger, batch.Run.JobId, batch.Index, result.StatusCode, result.Error);
                return await RecordAsync(batch, new EmailBatchOutcome(batch.Index, email.Recipients.Count, Sent: false, result.StatusCode, result.Error));
            case EmailSendOutcome.Unknown:
                return await SettleUnknownAsync(batch, generation, email, result);
            default:
                // Not accepted: release the claim, so the retry takes the next generation at once.
                await ReleaseAsync(batch, generation);
                throw new TransientFailureException($"Batch {batch.Index}: {Describe(result)}", result.RetryAfter);
        }
    }

    /// <summary>
    /// The provider may have the batch. By default the claim stays, so to every later attempt the
    /// batch looks like one whose sender crashed mid-send; a job that chose resend gives it up instead.
    /// </summary>
    private async Task<EmailBatchOutcome> SettleUnknownAsync(BatchRef batch, int generation, EmailBatch email, EmailSendResult result)
    {
        var cause = Describe(result);
        if (batch.Resend)
        {
            BulkEmailLogs.EmailBatchUnknownResending(logger, batch.Run.JobId, batch.Index, cause);
            await ReleaseAsync(batch, generation);
            throw new TransientFailureException($"Batch {batch.Index}: {cause}; sending it again, as the job's onUnknownOutcome is resend.", result.RetryAfter);
        }

        if (deliveryLookup.IsAvailable)
        {
            BulkEmailLogs.EmailBatchUnknownLookupLater(logger, batch.Run.JobId, batch.Index, cause);
            throw new TransientFailureException($"Batch {batch.Index}: {cause}; the provider's records are asked once they settle.", settleDelay);
        }

        BulkEmailLogs.EmailBatchUnknownNotResent(logger, batch.Run.JobId, batch.Index, cause);
        return await RecordOutcomeUnknownAsync(batch, email, $"{cause}; not resent, so that no one is mailed twice", result.StatusCode);
    }

    private Task ReleaseAsync(BatchRef batch, int generation) =>
        blobs.WriteJsonAsync(batch.Claim(generation), new EmailBatchClaim(time.GetUtcNow(), Released: true));

    // Without its closing full stop, so that "; not resent, ..." can follow it in the recorded reason.
    private static string Describe(EmailSendResult result) =>
        result.StatusCode is { } status
            ? string.Create(CultureInfo.InvariantCulture, $"the provider answered {status}: {result.Error?.TrimEnd('.')}")
            : result.Error?.TrimEnd('.') ?? "the provider gave no answer";

    private async Task<EmailBatchOutcome> ResolveExistingClaimAsync(BatchRef batch, EmailBatch email)
    {
        // An earlier attempt (or the one holding the claim) may have finished it: its outcome stands.
        if (await blobs.ReadJsonAsync<EmailBatchOutcome>(batch.OutcomeBlob) is { } recorded)
        {
            BulkEmailLogs.EmailBatchAlreadyDone(logger, batch.Run.JobId, batch.Index);
            return recorded;
        }

        var (generation, claim) = await LatestClaimAsync(batch);
        if (claim is null || claim.Released)
        {
            return await blobs.TryCreateJsonAsync(batch.Claim(generation + 1), new EmailBatchClaim(time.GetUtcNow()))
                ? await SendAsync(batch, generation + 1, email)
                : throw Busy(batch, TimeSpan.Zero);
        }

        var age = time.GetUtcNow() - claim.ClaimedAt;
        if (age < claimTimeout)
        {
            throw Busy(batch, age);
        }

        if (!deliveryLookup.IsAvailable)
        {
            if (batch.Resend)
            {
                return await ResendStaleAsync(batch, generation, email);
            }

            BulkEmailLogs.EmailBatchOutcomeUnknown(logger, batch.Run.JobId, batch.Index);
            return await RecordOutcomeUnknownAsync(batch, email, $"{StoppedMidSend}; not resent, so that no one is mailed twice");
        }

        if (age < settleDelay)
        {
            throw new TransientFailureException(
                string.Create(CultureInfo.InvariantCulture, $"Batch {batch.Index}: its sending attempt stopped {age.TotalSeconds:0} s ago; the provider's records are asked once they settle."),
                settleDelay - age);
        }

        BulkEmailLogs.EmailBatchLookingUp(logger, batch.Run.JobId, batch.Index, age);
        var found = await deliveryLookup.FindBatchAsync(email.BatchId);
        switch (found.Outcome)
        {
            case EmailDeliveryLookupOutcome.Found:
                BulkEmailLogs.EmailBatchFoundAtProvider(logger, batch.Run.JobId, batch.Index);
                return await RecordAsync(batch, new EmailBatchOutcome(batch.Index, email.Recipients.Count, Sent: true));
            case EmailDeliveryLookupOutcome.NotFound:
                if (!await blobs.TryCreateJsonAsync(batch.Claim(generation + 1), new EmailBatchClaim(time.GetUtcNow())))
                {
                    throw Busy(batch, TimeSpan.Zero);
                }

                BulkEmailLogs.EmailBatchResending(logger, batch.Run.JobId, batch.Index, generation + 1);
                return await SendAsync(batch, generation + 1, email);
            case EmailDeliveryLookupOutcome.Unavailable:
                BulkEmailLogs.EmailBatchLookupUnavailable(logger, batch.Run.JobId, batch.Index, found.StatusCode, found.RetryAfter, found.Error);
                throw new TransientFailureException(
                    $"Batch {batch.Index}: the provider's delivery lookup answered {found.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "nothing"}: {found.Error}",
                    found.RetryAfter);
            default:
                if (batch.Resend)
                {
                    return await ResendStaleAsync(batch, generation, email);
                }

                BulkEmailLogs.EmailBatchLookupNotSupported(logger, batch.Run.JobId, batch.Index, found.StatusCode, found.Error);
                return await RecordOutcomeUnknownAsync(batch, email, $"{StoppedMidSend}; the provider could not be asked ({found.Error}); not resent, so that no one is mailed twice");
        }
    }

    /// <summary>At least once, as the job chose: the stale claim's batch is sent again under the next generation.</summary>
    private async Task<EmailBatchOutcome> ResendStaleAsync(BatchRef batch, int generation, EmailBatch email)
    {
        if (!await blobs.TryCreateJsonAsync(batch.Claim(generation + 1), new EmailBatchClaim(time.GetUtcNow())))
        {
            throw Busy(batch, TimeSpan.Zero);
        }

        BulkEmailLogs.EmailBatchStaleClaimResending(logger, batch.Run.JobId, batch.Index, generation + 1);
        return await SendAsync(batch, generation + 1, email);
    }

    /// <summary>Another attempt holds a live claim: ask again when it would have gone stale.</summary>
    private TransientFailureException Busy(BatchRef batch, TimeSpan age) =>
        new(
            string.Create(CultureInfo.InvariantCulture, $"Batch {batch.Index}: another attempt has been sending it for {age.TotalSeconds:0} s."),
            claimTimeout - age);

    /// <summary>The claim of the highest generation, or generation -1 and no claim when there is none.</summary>
    private async Task<(int Generation, EmailBatchClaim? Claim)> LatestClaimAsync(BatchRef batch)
    {
        var prefix = BlobNames.EmailBatchClaimPrefix(batch.Run, batch.Index);
        var latest = -1;
        await foreach (var name in blobs.ListAsync(prefix))
        {
            var suffix = name[prefix.Length..];
            var generation = suffix == ".json" ? 0
                : suffix.StartsWith('-') && suffix.EndsWith(".json", StringComparison.Ordinal)
                    && int.TryParse(suffix[1..^5], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : -1;
            latest = Math.Max(latest, generation);
        }

        return latest < 0 ? (-1, null) : (latest, await blobs.ReadJsonAsync<EmailBatchClaim>(batch.Claim(latest)));
    }

    private Task<EmailBatchOutcome> RecordOutcomeUnknownAsync(BatchRef batch, EmailBatch email, string why, int? statusCode = null) =>
        RecordAsync(batch, new EmailBatchOutcome(
            batch.Index,
            email.Recipients.Count,
            Sent: false,
            statusCode,
            Error: $"outcome unknown: {why}"));

    /// <summary>
    /// Stores the outcome, retrying a failed write here rather than failing the activity: after an
    /// accepted send, a thrown exception would make the orchestrator retry the batch.
    /// </summary>
    private async Task<EmailBatchOutcome> RecordAsync(BatchRef batch, EmailBatchOutcome outcome)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await blobs.WriteJsonAsync(batch.OutcomeBlob, outcome);
                return outcome;
            }
#pragma warning disable CA1031 // Any storage failure: the outcome still goes back to the orchestrator, which is what counts.
            catch (Exception ex) when (attempt < OutcomeWriteAttempts)
#pragma warning restore CA1031
            {
                BulkEmailLogs.EmailBatchOutcomeWriteFailed(logger, batch.OutcomeBlob, attempt, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time);
            }
#pragma warning disable CA1031
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // The claim stays, so a later attempt of this batch will not send it again either.
                BulkEmailLogs.EmailBatchOutcomeWriteFailed(logger, batch.OutcomeBlob, attempt, ex);
                return outcome;
            }
        }
    }

    /// <param name="Resend">The job chose <see cref="UnknownOutcome.Resend"/>: at least once rather than at most once.</param>
    private sealed record BatchRef(JobRun Run, int Index, bool Resend)
    {
        public string OutcomeBlob { get; } = BlobNames.EmailBatchOutcome(Run, Index);

        public string Claim(int generation) => BlobNames.EmailBatchClaim(Run, Index, generation);
    }
}
