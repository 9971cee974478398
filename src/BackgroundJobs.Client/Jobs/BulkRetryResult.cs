namespace BackgroundJobs.Client.Jobs;

/// <summary>The jobs a bulk retry started.</summary>
public sealed record BulkRetryResult(int Count, IReadOnlyList<RetriedJob> Retried);
