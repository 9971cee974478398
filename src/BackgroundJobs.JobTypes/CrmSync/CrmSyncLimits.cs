namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>Defaults and hard limits of a CRM sync, stated in docs/jobs/crm-sync.md.</summary>
public static class CrmSyncLimits
{
    /// <summary>The CRM's batch upsert takes at most this many records per request.</summary>
    public const int BatchSize = 100;

    /// <summary>
    /// 20 batches (2,000 records) per generation keep a generation's history near 70 events;
    /// a 1,000,000-record file takes 500 generations, each starting from a fresh history.
    /// </summary>
    public const int DefaultBatchesPerSegment = 20;

    public const int MaxBatchesPerSegment = 50;

    /// <summary>Batches of one segment in flight at once; the shared rate limiter paces them further.</summary>
    public const int ParallelBatches = 4;

    /// <summary>A longer line is refused as one failed record, without buffering it.</summary>
    public const int MaxLineBytes = 64 * 1024;

    public const int MaxExternalIdLength = 128;
}
