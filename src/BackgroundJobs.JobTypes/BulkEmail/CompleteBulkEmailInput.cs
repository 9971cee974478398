using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.BulkEmail;

public sealed record CompleteBulkEmailInput(JobRun Run, EmailBatchPlan Plan, int Sent, int Failed, IReadOnlyList<FailedEmailBatch> FailedBatches);
