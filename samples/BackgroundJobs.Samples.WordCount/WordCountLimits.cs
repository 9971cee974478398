namespace BackgroundJobs.Samples.WordCount;

/// <summary>The limits the type announces in <c>GET /api/job-types</c> and its validator enforces.</summary>
public static class WordCountLimits
{
    public const long MaxFileBytes = 16 * 1024 * 1024;

    public const int DefaultLinesPerChunk = 1000;

    public const int MaxLinesPerChunk = 100_000;

    /// <summary>Chunks counted at once: each wave reports progress when it is done.</summary>
    public const int ChunksPerWave = 4;
}
