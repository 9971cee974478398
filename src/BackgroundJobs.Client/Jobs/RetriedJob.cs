namespace BackgroundJobs.Client.Jobs;

/// <summary>A failed or canceled job (<see cref="Id"/>) and the new, linked job that runs it again.</summary>
public sealed record RetriedJob(string Id, string NewId, Uri NewJobUri);
