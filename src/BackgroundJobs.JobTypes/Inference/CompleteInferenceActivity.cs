using System.Text.Json;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// Joins the chunks' results, in chunk order, into <c>results/{jobId}/{runId}/results.jsonl</c>: one
/// line per item, in input order. Spooled through a temp file, one chunk in memory at a time, so
/// 50,000 embeddings need no memory for all of them.
/// </summary>
public sealed class CompleteInferenceActivity(IBlobStore blobs) : TaskActivity<CompleteInferenceInput, InferenceResult>
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public override async Task<InferenceResult> RunAsync(TaskActivityContext context, CompleteInferenceInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var resultsBlob = InferenceBlobNames.Results(input.Run);
        await using (var spool = new FileStream(
            Path.Combine(Path.GetTempPath(), $"backgroundjobs-{Guid.NewGuid():N}.jsonl"),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous))
        {
            for (var chunk = 0; chunk < input.Chunks; chunk++)
            {
                var results = await blobs.ReadJsonAsync<List<InferenceItemResult>>(InferenceBlobNames.ChunkResults(input.Run, chunk))
                    ?? throw new InvalidOperationException($"The results of chunk {chunk} of job '{input.Run.JobId}' are missing.");
                foreach (var result in results)
                {
                    await JsonSerializer.SerializeAsync(spool, result, JobJson.Options);
                    await spool.WriteAsync(NewLine);
                }
            }

            spool.Position = 0;
            await blobs.WriteAsync(resultsBlob, spool, "application/x-ndjson");
        }

        var counts = input.Counts;
        return new InferenceResult(input.Mode, input.Model, counts.Items, counts.Succeeded, counts.Failed, counts.Usage, input.Chunks, resultsBlob);
    }
}
