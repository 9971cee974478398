using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.Core.BulkEmail;

public sealed record SendEmailBatchInput(JobRun Run, int Index);
