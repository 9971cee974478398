namespace BackgroundJobs.Core.Email;

/// <param name="BatchId">Stable across retries (<c>{jobId}:{runId}:{index}</c>); sent to the provider as a custom argument.</param>
public sealed record EmailBatch(string BatchId, EmailMessage Message, IReadOnlyList<EmailRecipient> Recipients);
