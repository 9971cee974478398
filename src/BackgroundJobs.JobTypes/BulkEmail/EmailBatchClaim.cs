namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>
/// Who is sending a batch and since when; see <see cref="SendEmailBatchActivity"/>. A released claim
/// was given up after a transient answer (nothing was accepted), so the next attempt takes the next
/// generation at once.
/// </summary>
public sealed record EmailBatchClaim(DateTimeOffset ClaimedAt, bool Released = false);
