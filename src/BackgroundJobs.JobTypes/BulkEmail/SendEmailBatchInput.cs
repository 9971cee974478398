using BackgroundJobs.Core.Jobs;

namespace BackgroundJobs.JobTypes.BulkEmail;

/// <param name="OnUnknownOutcome">The job's <see cref="UnknownOutcome"/> choice; null is <see cref="UnknownOutcome.Skip"/>.</param>
public sealed record SendEmailBatchInput(JobRun Run, int Index, string? OnUnknownOutcome = null);
