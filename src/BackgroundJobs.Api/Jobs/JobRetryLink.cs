namespace BackgroundJobs.Api.Jobs;

/// <summary>The link between a job and its retry, stored on both (<c>retried-by.json</c> on the old, <c>retry-of.json</c> on the new).</summary>
public sealed record JobRetryLink(string OldJobId, string NewJobId, DateTimeOffset At);
