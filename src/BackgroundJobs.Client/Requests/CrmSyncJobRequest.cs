namespace BackgroundJobs.Client.Requests;

/// <summary>The body of <c>POST /api/jobs/crm-sync</c> (docs/jobs/crm-sync.md).</summary>
public sealed record CrmSyncJobRequest
{
    /// <summary>An uploaded <c>.csv</c> or <c>.jsonl</c> file of contacts.</summary>
    public string? Blob { get; init; }

    public int? BatchesPerSegment { get; init; }

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }

    /// <summary>Start the job at this time instead of now (at most 30 days ahead); the job is <c>scheduled</c> until then.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>Start the job this many seconds from now instead (at most 30 days); give this or <see cref="RunAt"/>.</summary>
    public int? DelaySeconds { get; init; }
}
