namespace BackgroundJobs.Core.BulkEmail;

public sealed record CompleteBulkEmailInput(string JobId, EmailBatchPlan Plan, int Sent, int Failed, IReadOnlyList<FailedEmailBatch> FailedBatches);
