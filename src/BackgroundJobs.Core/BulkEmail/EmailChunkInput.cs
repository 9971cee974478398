using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.BulkEmail;

public sealed record EmailChunkInput(JobRun Run, EmailBatchPlan Plan, int FirstBatch, int BatchCount, int MaxParallelBatches);
