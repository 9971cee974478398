namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// Who canceled a job, why and when, stored at <see cref="Storage.BlobNames.JobCancellation"/> before
/// the job is terminated. Running activities look for it to stop early, and it keeps a job that
/// failed only because it was being terminated from announcing a failure.
/// </summary>
/// <param name="EventId">The id of the job's <c>job.canceled</c> event.</param>
public sealed record JobCancellation(string Reason, string RequestedBy, DateTimeOffset At, string EventId);
