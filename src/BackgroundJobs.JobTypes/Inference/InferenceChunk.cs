namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// A run of consecutive items: the first item's index (0-based, blank lines not counted), how many,
/// and where its first line starts (1-based line number, byte offset), so an activity can read it
/// without scanning the file from the top.
/// </summary>
public sealed record InferenceChunk(int Index, int FirstItem, int Items, long FirstLine, long ByteOffset);
