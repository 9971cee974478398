namespace BackgroundJobs.JobTypes.CrmSync;

/// <summary>
/// A segment as stored in batch blobs: only counts and the cursor after it go into the history.
/// <see cref="FileBytes"/> is the file's size when the store knows it, for progress.
/// </summary>
public sealed record CrmSegment(int Batches, int Records, int Invalid, long NextByteOffset, long NextLine, bool EndOfFile, long? FileBytes)
{
    /// <summary>How many records batch <paramref name="batch"/> holds: all full but the last.</summary>
    public int RecordsIn(int batch) => Math.Min(CrmSyncLimits.BatchSize, Records - (batch * CrmSyncLimits.BatchSize));
}
