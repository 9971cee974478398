using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.BulkEmail;

/// <param name="OnUnknownOutcome">The job's <see cref="UnknownOutcome"/> choice, passed on to every batch.</param>
public sealed record EmailChunkInput(JobRun Run, EmailBatchPlan Plan, int FirstBatch, int BatchCount, int MaxParallelBatches, string? OnUnknownOutcome = null);
