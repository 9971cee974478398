namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>
/// How a job's batches are split into sub-orchestrations. Chunks are about a tenth of the job (so
/// progress moves in steps of about 10%) and at most <see cref="BulkEmailLimits.BatchesPerChunk"/>
/// (so each history stays small). Two or more chunks run at once whenever the parallelism allows,
/// so a batch waiting out a long <c>Retry-After</c> holds up only its own chunk while the next one
/// sends; batches in flight never exceed the job's parallelism.
/// </summary>
public sealed record ChunkLayout(int BatchesPerChunk, int ParallelBatchesPerChunk, int ChunksInFlight)
{
    public static ChunkLayout For(int batchCount, int maxParallelBatches)
    {
        var batchesPerChunk = Math.Clamp(
            (batchCount + BulkEmailOrchestrator.ProgressSteps - 1) / BulkEmailOrchestrator.ProgressSteps,
            1,
            BulkEmailLimits.BatchesPerChunk);
        var parallelPerChunk = Math.Max(1, Math.Min(batchesPerChunk, maxParallelBatches / 2));
        return new ChunkLayout(batchesPerChunk, parallelPerChunk, Math.Max(1, maxParallelBatches / parallelPerChunk));
    }

    /// <summary>How many chunks <paramref name="batchCount"/> batches make.</summary>
    public int ChunkCount(int batchCount) => (batchCount + BatchesPerChunk - 1) / BatchesPerChunk;
}
