using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.BulkEmail;

public sealed record PrepareEmailBatchesInput(JobRun Run, BulkEmailRequest Request);
