using System.Collections.Concurrent;
using BackgroundJobs.Core.Retry;
using BackgroundJobs.Core.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// Sends a chunk's items to the model, at most <see cref="InferenceChunkInput.RequestsInFlight"/> at
/// once (the client paces them further with the shared token bucket). Each item is sent until it
/// has an answer, never again after:
/// <list type="bullet">
/// <item>A done chunk (its outcome stored) is returned as it is, without a request.</item>
/// <item>An answer (the output, or a 4xx refusal recorded as the item's error) is kept in the
/// chunk's partial blob; a line that is no item fails without a request.</item>
/// <item>An answer that leaves the outcome unknown (a timeout, a connection lost mid-request, a 5xx:
/// the model may have run, and billed, the call) is recorded as the item's error, "outcome unknown",
/// and the item is not sent again; unless the job chose <c>onUnknownOutcome: resend</c>
/// (<see cref="Core.Jobs.UnknownOutcome.Resend"/>), when it is treated as transient.</item>
/// <item>A transient answer (429, 408, the request never left) leaves the item for the next attempt. A
/// <c>Retry-After</c> stops the attempt from starting more requests; once those in flight are back,
/// it throws <see cref="TransientFailureException"/> with the longest <c>Retry-After</c>, and the
/// retry handler waits that long (a durable timer) before the next attempt sends what is left.</item>
/// </list>
/// An attempt of a canceled job sends nothing.
/// </summary>
public sealed class RunInferenceChunkActivity(IBlobStore blobs, IInferenceClient client, ILogger<RunInferenceChunkActivity> logger)
    : TaskActivity<InferenceChunkInput, InferenceCounts>
{
    public override async Task<InferenceCounts> RunAsync(TaskActivityContext context, InferenceChunkInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (run, chunk) = (input.Run, input.Chunk);
        if (await blobs.ReadJsonAsync<InferenceCounts>(InferenceBlobNames.ChunkOutcome(run, chunk.Index)) is { } recorded)
        {
            InferenceLogs.InferenceChunkAlreadyDone(logger, run.JobId, chunk.Index);
            return recorded;
        }

        // A canceled job is terminated, but an attempt already dispatched still runs: it sends nothing.
        if (await blobs.ExistsAsync(BlobNames.JobCancellation(run.JobId)))
        {
            return InferenceCounts.Zero;
        }

        var settings = await InferenceChunks.ReadSettingsAsync(blobs, run);
        var items = await InferenceChunks.ReadItemsAsync(blobs, input.Blob, chunk, settings);
        var answered = new ConcurrentDictionary<int, InferenceItemResult>(await InferenceChunks.ReadAnsweredAsync(blobs, run, chunk.Index));
        foreach (var item in items.Where(i => i.Item.Call is null))
        {
            answered.TryAdd(item.Index, item.Failed(item.Item.Error!));
        }

        var resend = Core.Jobs.UnknownOutcome.Resends(settings.OnUnknownOutcome);
        var attempt = new Attempt();
        var pending = items.Where(i => !answered.ContainsKey(i.Index)).ToList();
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = input.RequestsInFlight }, async (item, cancellationToken) =>
        {
            if (attempt.BackingOff)
            {
                return;
            }

            var answer = await client.SendAsync(item.Item.Call!, cancellationToken);
            switch (answer.Outcome)
            {
                case InferenceAnswerOutcome.Answered:
                    answered[item.Index] = new InferenceItemResult(item.Index, item.Line, item.Item.Id, answer.Output, answer.FinishReason, answer.Usage);
                    break;
                case InferenceAnswerOutcome.Rejected:
                    InferenceLogs.InferenceItemRejected(logger, run.JobId, item.Index, answer.StatusCode, answer.Error);
                    answered[item.Index] = item.Failed(answer.Error ?? "refused by the model endpoint.", answer.StatusCode);
                    break;
                case InferenceAnswerOutcome.Unknown when !resend:
                    InferenceLogs.InferenceItemOutcomeUnknown(logger, run.JobId, item.Index, answer.StatusCode, answer.Error);
                    answered[item.Index] = item.Failed(
                        $"outcome unknown: {(answer.StatusCode is { } status ? $"{status}: " : string.Empty)}{answer.Error?.TrimEnd('.')}; not sent again, so that it is not paid for twice",
                        answer.StatusCode);
                    break;
                default:
                    attempt.Transient(answer);
                    break;
            }
        });

        var results = answered.Values.OrderBy(r => r.Index).ToList();
        if (results.Count < items.Count)
        {
            // Keep what was answered, so the next attempt sends only the rest.
            await blobs.WriteJsonAsync(InferenceBlobNames.ChunkPartial(run, chunk.Index), results);
            var (error, retryAfter) = attempt.Last;
            InferenceLogs.InferenceChunkTransient(logger, run.JobId, chunk.Index, items.Count - results.Count, retryAfter, error);
            throw new TransientFailureException($"Chunk {chunk.Index}: {items.Count - results.Count} of {items.Count} items have no answer yet; the last: {error}", retryAfter);
        }

        return await InferenceChunks.RecordAsync(blobs, run, chunk.Index, results);
    }

    /// <summary>What the transient answers of one attempt said: the last error and the longest <c>Retry-After</c>.</summary>
    private sealed class Attempt
    {
        private readonly Lock gate = new();
        private string? lastError;
        private TimeSpan? retryAfter;
        private volatile bool backingOff;

        public bool BackingOff => backingOff;

        public (string? Error, TimeSpan? RetryAfter) Last
        {
            get
            {
                lock (gate)
                {
                    return (lastError, retryAfter);
                }
            }
        }

        public void Transient(InferenceAnswer answer)
        {
            lock (gate)
            {
                lastError = answer.StatusCode is { } status ? $"{status}: {answer.Error}" : answer.Error;
                if (answer.RetryAfter is { } wait)
                {
                    retryAfter = retryAfter is { } longest && longest > wait ? longest : wait;
                    backingOff = true;
                }
            }
        }
    }
}
