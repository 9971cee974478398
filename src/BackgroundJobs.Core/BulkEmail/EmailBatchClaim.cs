namespace BackgroundJobs.Core.BulkEmail;

/// <summary>Who is sending a batch and since when; see <see cref="SendEmailBatchActivity"/>.</summary>
public sealed record EmailBatchClaim(DateTimeOffset ClaimedAt);
