namespace BackgroundJobs.Client.Jobs;

/// <summary>The answer to a cancel: who canceled the job, why and when.</summary>
public sealed record CanceledJob(string Id, JobStatus Status, string? Reason, string? RequestedBy, DateTimeOffset? CanceledAt, Uri JobUri);
