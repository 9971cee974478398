namespace BackgroundJobs.JobTypes.BulkEmail;

public sealed record EmailChunkResult(int BatchesSent, int RecipientsSent, int RecipientsFailed, IReadOnlyList<FailedEmailBatch> FailedBatches);
