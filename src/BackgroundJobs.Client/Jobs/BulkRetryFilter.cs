namespace BackgroundJobs.Client.Jobs;

/// <summary>Which failed jobs <c>POST /api/jobs/retry</c> runs again; every field may be left out.</summary>
public sealed record BulkRetryFilter
{
    public string? Type { get; init; }

    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>At most this many per call (1-100, default 100).</summary>
    public int? Limit { get; init; }

    /// <summary>Also retry failed jobs that are themselves retries.</summary>
    public bool? IncludeRetried { get; init; }
}
