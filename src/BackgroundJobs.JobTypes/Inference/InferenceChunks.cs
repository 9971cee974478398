using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Storage;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>Reading a chunk's items from the file, and its stored results, shared by the chunk activities.</summary>
public static class InferenceChunks
{
    /// <summary>Reads the chunk's lines from its byte offset (streamed), blank lines skipped as the plan skipped them.</summary>
    public static async Task<List<InferenceChunkItem>> ReadItemsAsync(IBlobStore blobs, string blob, InferenceChunk chunk, InferenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(chunk);
        await using var stream = await blobs.OpenReadFromAsync(blob, chunk.ByteOffset)
            ?? throw new InvalidJobInputException($"The file '{blob}' does not exist (any more).");
        var reader = new LineReader(stream, InferenceLimits.MaxLineBytes);
        var items = new List<InferenceChunkItem>(chunk.Items);
        var line = chunk.FirstLine - 1;
        while (items.Count < chunk.Items && await reader.ReadLineAsync() is { } next)
        {
            line++;
            if (!next.TooLong && string.IsNullOrWhiteSpace(next.Text))
            {
                continue;
            }

            items.Add(new InferenceChunkItem(chunk.FirstItem + items.Count, line, InferenceItemParser.Parse(settings, next.TooLong ? null : next.Text)));
        }

        return items.Count == chunk.Items
            ? items
            : throw new InvalidJobInputException($"The file '{blob}' changed while the job ran: chunk {chunk.Index} has {items.Count} of its {chunk.Items} items.");
    }

    public static async Task<InferenceSettings> ReadSettingsAsync(IBlobStore blobs, JobRun run) =>
        await blobs.ReadJsonAsync<InferenceSettings>(InferenceBlobNames.Settings(run))
            ?? throw new InvalidJobInputException($"The settings of job '{run.JobId}' are missing from storage.");

    /// <summary>The items an earlier attempt of the chunk got an answer for (success or refusal), by index.</summary>
    public static async Task<Dictionary<int, InferenceItemResult>> ReadAnsweredAsync(IBlobStore blobs, JobRun run, int chunk) =>
        (await blobs.ReadJsonAsync<List<InferenceItemResult>>(InferenceBlobNames.ChunkPartial(run, chunk)) ?? []).ToDictionary(r => r.Index);

    /// <summary>Stores every result of the chunk, then its outcome, which marks it done: a later attempt returns it and sends nothing.</summary>
    public static async Task<InferenceCounts> RecordAsync(IBlobStore blobs, JobRun run, int chunk, IReadOnlyList<InferenceItemResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        await blobs.WriteJsonAsync(InferenceBlobNames.ChunkResults(run, chunk), results);
        var succeeded = results.Count(r => r.Succeeded);
        var usage = results.Aggregate(InferenceUsage.Zero, (sum, r) => sum.Add(r.Usage));
        var counts = new InferenceCounts(results.Count, succeeded, results.Count - succeeded, usage);
        await blobs.WriteJsonAsync(InferenceBlobNames.ChunkOutcome(run, chunk), counts);
        return counts;
    }
}
