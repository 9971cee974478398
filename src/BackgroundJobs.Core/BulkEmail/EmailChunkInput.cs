namespace BackgroundJobs.Core.BulkEmail;

public sealed record EmailChunkInput(string JobId, EmailBatchPlan Plan, int FirstBatch, int BatchCount, int MaxParallelBatches);
