namespace BackgroundJobs.JobTypes.Inference;

/// <summary>One item of a chunk: its index among the file's items, its line number, and what was read.</summary>
public sealed record InferenceChunkItem(int Index, long Line, InferenceItem Item)
{
    /// <summary>The result of an item that is refused before any request is sent, or whose attempts are spent.</summary>
    public InferenceItemResult Failed(string error, int? status = null) => new(Index, Line, Item.Id, Error: error, Status: status);
}
