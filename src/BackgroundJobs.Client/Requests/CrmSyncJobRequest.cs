namespace BackgroundJobs.Client.Requests;

/// <summary>The body of <c>POST /api/jobs/crm-sync</c> (docs/jobs/crm-sync.md).</summary>
public sealed record CrmSyncJobRequest
{
    /// <summary>An uploaded <c>.csv</c> or <c>.jsonl</c> file of contacts.</summary>
    public string? Blob { get; init; }

    public int? BatchesPerSegment { get; init; }

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }
}
