using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.BulkEmail;

public sealed record PrepareEmailBatchesInput(JobRun Run, BulkEmailRequest Request);
