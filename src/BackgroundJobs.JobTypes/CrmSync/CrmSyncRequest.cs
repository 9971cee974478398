using BackgroundJobs.Core.Notifications;

namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// The body of <c>POST /api/jobs/crm-sync</c>, and once validated the orchestration's input: an
/// uploaded file of contact records (<c>.csv</c> or <c>.jsonl</c>) to upsert into the CRM.
/// </summary>
public sealed record CrmSyncRequest : IJobRequest
{
    /// <summary>A name returned by <c>POST /api/uploads</c>; the extension says the format.</summary>
    public string? Blob { get; init; }

    /// <summary>CRM batches handled by one orchestration generation before it continues as new.</summary>
    public int? BatchesPerSegment { get; init; }

    public JobCallback? Callback { get; init; }

    public string? NotifyEmail { get; init; }

    public string? RunAt { get; init; }

    public int? DelaySeconds { get; init; }

    /// <summary>
    /// Set by the job itself when it continues as new: where the next generation starts. A client
    /// never sends it; the validator refuses a request that does.
    /// </summary>
    public CrmSyncCheckpoint? Checkpoint { get; init; }
}
