using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.Inference;

/// <summary>
/// Runs a model over every line of an uploaded JSON-lines file: plans the chunks (line ranges),
/// runs them a few at a time (each chunk activity retried with <c>Retry-After</c> honoured; a
/// chunk whose retries are spent fails only its unanswered items), adds up items and tokens as
/// each chunk finishes, then writes the results in input order.
/// </summary>
public sealed class InferenceOrchestrator(JobEventChannels channels) : JobOrchestrator<InferenceRequest, InferenceResult>(channels)
{
    public const string StagePreparing = "preparing";
    public const string StageRunning = "running";
    public const string StageCompleting = "completing";
    public const string StageCompleted = "completed";

    protected override async Task<InferenceResult> RunJobAsync(TaskOrchestrationContext context, InferenceRequest input)
    {
        var blob = input.Blob ?? throw new InvalidJobInputException("The job has no blob.");
        var run = new JobRun(context.InstanceId, context.NewGuid().ToString("N")[..12]);
        var logger = context.CreateReplaySafeLogger<InferenceOrchestrator>();

        context.SetCustomStatus(new JobProgress(StagePreparing, 0, 0));
        var plan = await context.CallActivityAsync<InferencePlan>(
            nameof(PrepareInferenceActivity),
            new PrepareInferenceInput(run, input),
            JobRetry.Options(BackoffPolicy.Default, nameof(PrepareInferenceActivity)));
        InferenceLogs.InferencePlanned(logger, run.JobId, plan.Items, plan.Chunks.Count, plan.Model);

        var counts = InferenceCounts.Zero;
        await ReportProgressAsync(context, input, Progress(StageRunning, counts, plan.Items));
        var inFlight = new List<Task<InferenceCounts>>();
        foreach (var chunk in plan.Chunks)
        {
            if (inFlight.Count >= plan.ChunksInFlight)
            {
                counts = await FinishOneAsync(context, input, inFlight, counts, plan.Items);
            }

            inFlight.Add(RunChunkAsync(context, new InferenceChunkInput(run, blob, chunk, plan.RequestsPerChunk)));
        }

        while (inFlight.Count > 0)
        {
            counts = await FinishOneAsync(context, input, inFlight, counts, plan.Items);
        }

        context.SetCustomStatus(Progress(StageCompleting, counts, plan.Items));
        var result = await context.CallActivityAsync<InferenceResult>(
            nameof(CompleteInferenceActivity),
            new CompleteInferenceInput(run, plan.Mode, plan.Model, plan.Chunks.Count, counts),
            JobRetry.Options(BackoffPolicy.Default, nameof(CompleteInferenceActivity)));
        context.SetCustomStatus(Progress(StageCompleted, counts, plan.Items));
        InferenceLogs.InferenceFinished(logger, run.JobId, result.Succeeded, result.Failed, result.Usage.TotalTokens);
        return result;
    }

    // Which chunk finishes first depends on timing, but replay sees the same order, and what is
    // scheduled next depends only on how many are still running.
    private async Task<InferenceCounts> FinishOneAsync(TaskOrchestrationContext context, InferenceRequest input, List<Task<InferenceCounts>> inFlight, InferenceCounts counts, int items)
    {
        counts = counts.Add(await InFlight.TakeNextAsync(inFlight));
        await ReportProgressAsync(context, input, Progress(StageRunning, counts, items));
        return counts;
    }

    // Retries spent: the chunk's items still without an answer fail, and the job goes on.
    private static Task<InferenceCounts> RunChunkAsync(TaskOrchestrationContext context, InferenceChunkInput chunk) =>
        PartFailure.CallOrRecordFailureAsync<InferenceChunkInput, InferenceCounts>(
            context,
            nameof(RunInferenceChunkActivity),
            nameof(FailInferenceChunkActivity),
            chunk,
            InferenceLimits.ChunkRetry,
            $"{chunk.Chunk.Index}",
            (failed, error) => failed with { Error = error });

    private static JobProgress Progress(string stage, InferenceCounts counts, int items) =>
        new(stage, counts.Items, items, new Dictionary<string, long>
        {
            ["items"] = items,
            ["succeeded"] = counts.Succeeded,
            ["failed"] = counts.Failed,
            ["totalTokens"] = counts.Usage.TotalTokens,
        });
}
