namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>What preparation produced: batches in blob storage, and counts of what was dropped.</summary>
public sealed record EmailBatchPlan(int BatchCount, int BatchSize, int Recipients, int Duplicates, int Invalid)
{
    /// <summary>Every batch is full but the last.</summary>
    public int RecipientsIn(int batchIndex) => Math.Clamp(Recipients - (batchIndex * BatchSize), 0, BatchSize);
}
