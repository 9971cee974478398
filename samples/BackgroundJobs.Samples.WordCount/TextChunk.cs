namespace BackgroundJobs.Samples.WordCount;

/// <summary>A run of whole lines of the file: where it starts, in bytes, and how many bytes it spans.</summary>
public sealed record TextChunk(long Offset, long Length);

public sealed record PlanWordCountInput(string Blob, int LinesPerChunk);

public sealed record CountWordsInput(string Blob, TextChunk Chunk);

public sealed record ChunkCount(long Lines, long Words);
