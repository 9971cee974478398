namespace BackgroundJobs.Client.Jobs;

/// <summary>One page of <c>GET /api/jobs</c>, newest first; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record JobPage(IReadOnlyList<Job> Items, string? ContinuationToken);
