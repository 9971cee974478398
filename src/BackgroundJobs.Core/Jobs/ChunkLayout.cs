namespace BackgroundJobs.Core.Jobs;

/// <summary>
/// How a job that fans its items (e-mail batches, page ranges) out to sub-orchestrations splits them.
/// Chunks are about a tenth of the job (<see cref="ProgressSteps"/>: progress moves in steps of about
/// 10 %) and at most <see cref="MaxItemsPerChunk"/> (so each history stays small: 100,000 recipients
/// in batches of 500 make 4 chunks in the parent and about 150 events in each chunk). Two or more
/// chunks run at once whenever the parallelism allows, so an item waiting out a long
/// <c>Retry-After</c> holds up only its own chunk while the next one runs; items in flight never
/// exceed the job's parallelism.
/// </summary>
public sealed record ChunkLayout(int ItemsPerChunk, int ParallelItemsPerChunk, int ChunksInFlight)
{
    /// <summary>About this many progress updates per job.</summary>
    public const int ProgressSteps = 10;

    /// <summary>Items handled by one sub-orchestration, at most.</summary>
    public const int MaxItemsPerChunk = 50;

    public static ChunkLayout For(int itemCount, int maxParallelItems)
    {
        var itemsPerChunk = Math.Clamp((itemCount + ProgressSteps - 1) / ProgressSteps, 1, MaxItemsPerChunk);
        var parallelPerChunk = Math.Max(1, Math.Min(itemsPerChunk, maxParallelItems / 2));
        return new ChunkLayout(itemsPerChunk, parallelPerChunk, Math.Max(1, maxParallelItems / parallelPerChunk));
    }

    /// <summary>How many chunks <paramref name="itemCount"/> items make.</summary>
    public int ChunkCount(int itemCount) => (itemCount + ItemsPerChunk - 1) / ItemsPerChunk;
}
