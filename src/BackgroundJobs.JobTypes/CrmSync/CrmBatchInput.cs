using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>One stored batch of a segment; <paramref name="Error"/> is set when its retries are spent.</summary>
public sealed record CrmBatchInput(JobRun Run, int Segment, int Batch, string? Error = null);
