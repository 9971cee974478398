using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// Ends a chunk whose retries are spent: the items answered stay as they were, every other item
/// fails with the last error, and the job goes on with the next chunk. Sends nothing.
/// </summary>
public sealed class FailInferenceChunkActivity(IBlobStore blobs) : TaskActivity<InferenceChunkInput, InferenceCounts>
{
    public override async Task<InferenceCounts> RunAsync(TaskActivityContext context, InferenceChunkInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (run, chunk) = (input.Run, input.Chunk);
        if (await blobs.ReadJsonAsync<InferenceCounts>(InferenceBlobNames.ChunkOutcome(run, chunk.Index)) is { } recorded)
        {
            return recorded;
        }

        var settings = await InferenceChunks.ReadSettingsAsync(blobs, run);
        var items = await InferenceChunks.ReadItemsAsync(blobs, input.Blob, chunk, settings);
        var answered = await InferenceChunks.ReadAnsweredAsync(blobs, run, chunk.Index);
        var results = items
            .Select(item => answered.GetValueOrDefault(item.Index) ?? item.Failed(item.Item.Error ?? $"retries exhausted: {input.Error}"))
            .ToList();
        return await InferenceChunks.RecordAsync(blobs, run, chunk.Index, results);
    }
}
