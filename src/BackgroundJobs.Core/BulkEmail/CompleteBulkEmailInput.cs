using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.BulkEmail;

public sealed record CompleteBulkEmailInput(JobRun Run, EmailBatchPlan Plan, int Sent, int Failed, IReadOnlyList<FailedEmailBatch> FailedBatches);
