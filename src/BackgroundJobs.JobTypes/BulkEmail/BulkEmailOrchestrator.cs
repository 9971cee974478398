using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Notifications;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>
/// Prepares the recipients into batches in blob storage, sends them through
/// <see cref="SendEmailChunkOrchestrator"/> sub-orchestrations (so no history grows with the
/// recipient count; a job of one chunk sends it here), reports progress as chunks finish, and
/// writes the result (not-sent.csv only when someone was not sent). The job fails only if nothing was sent.
/// </summary>
public sealed class BulkEmailOrchestrator(JobEventChannels channels) : JobOrchestrator<BulkEmailRequest, BulkEmailResult>(channels)
{
    public const string StagePreparing = "preparing";
    public const string StageSending = "sending";
    public const string StageCompleting = "completing";
    public const string StageCompleted = "completed";

    protected override async Task<BulkEmailResult> RunJobAsync(TaskOrchestrationContext context, BulkEmailRequest input)
    {
        var run = new JobRun(context.InstanceId, context.NewGuid().ToString("N")[..12]);
        var logger = context.CreateReplaySafeLogger<BulkEmailOrchestrator>();

        context.SetCustomStatus(new JobProgress(StagePreparing, 0, 0));
        var plan = await context.CallActivityAsync<EmailBatchPlan>(
            nameof(PrepareEmailBatchesActivity),
            new PrepareEmailBatchesInput(run, input),
            JobRetry.Options(BackoffPolicy.Default, nameof(PrepareEmailBatchesActivity)));
        BulkEmailLogs.BulkEmailPlanned(logger, run.JobId, plan.Recipients, plan.BatchCount);

        var progress = new SendProgress(plan);
        await ReportProgressAsync(context, input, progress.Report(StageSending));
        var layout = ChunkLayout.For(plan.BatchCount, input.MaxParallelBatches ?? BulkEmailLimits.DefaultMaxParallelBatches);
        // One chunk's worth is sent from this orchestration: a sub-orchestration of its own would only
        // add an instance, its messages and a history for the engine to write.
        var sendHere = layout.ChunkCount(plan.BatchCount) == 1;
        var inFlight = new List<Task<EmailChunkResult>>();
        for (var (first, chunk) = (0, 0); first < plan.BatchCount; first += layout.ItemsPerChunk, chunk++)
        {
            if (inFlight.Count >= layout.ChunksInFlight)
            {
                await FinishOneAsync(context, input, inFlight, progress);
            }

            var chunkInput = new EmailChunkInput(run, plan, first, Math.Min(layout.ItemsPerChunk, plan.BatchCount - first), layout.ParallelItemsPerChunk, input.OnUnknownOutcome);
            inFlight.Add(sendHere
                ? SendEmailChunkOrchestrator.SendBatchesAsync(context, chunkInput)
                : context.CallSubOrchestratorAsync<EmailChunkResult>(
                    nameof(SendEmailChunkOrchestrator),
                    chunkInput,
                    new SubOrchestrationOptions { InstanceId = $"{run.JobId}:chunk:{chunk}" }));
        }

        while (inFlight.Count > 0)
        {
            await FinishOneAsync(context, input, inFlight, progress);
        }

        context.SetCustomStatus(progress.Report(StageCompleting));
        var completing = new CompleteBulkEmailInput(run, plan, progress.Sent, progress.Failed, progress.FailedBatches.OrderBy(f => f.Index).ToList());

        // Only a not-sent.csv needs storage; without one the result is the same figures, built here.
        var result = CompleteBulkEmailActivity.WritesNotSentFile(completing)
            ? await context.CallActivityAsync<BulkEmailResult>(
                nameof(CompleteBulkEmailActivity),
                completing,
                JobRetry.Options(BackoffPolicy.Default, nameof(CompleteBulkEmailActivity)))
            : CompleteBulkEmailActivity.Result(completing, notSentBlob: null);

        if (result.Sent == 0)
        {
            throw new BulkEmailFailedException(result);
        }

        context.SetCustomStatus(progress.Report(StageCompleted));
        BulkEmailLogs.BulkEmailFinished(logger, run.JobId, result.Sent, result.Failed, result.Invalid);
        return result;
    }

    // Which chunk finishes first depends on timing, but replay sees the same completion order,
    // and nothing scheduled depends on which one it was: only on how many are still running.
    private async Task FinishOneAsync(TaskOrchestrationContext context, BulkEmailRequest input, List<Task<EmailChunkResult>> inFlight, SendProgress progress)
    {
        progress.Add(await InFlight.TakeNextAsync(inFlight));
        await ReportProgressAsync(context, input, progress.Report(StageSending));
    }

    private sealed class SendProgress(EmailBatchPlan plan)
    {
        public int Done { get; private set; }

        public int Sent { get; private set; }

        public int Failed { get; private set; }

        public List<FailedEmailBatch> FailedBatches { get; } = [];

        public void Add(EmailChunkResult chunk)
        {
            Done += chunk.BatchesSent + chunk.FailedBatches.Count;
            Sent += chunk.RecipientsSent;
            Failed += chunk.RecipientsFailed;
            FailedBatches.AddRange(chunk.FailedBatches);
        }

        public JobProgress Report(string stage) =>
            new(stage, Done, plan.BatchCount, new Dictionary<string, long>
            {
                ["recipients"] = plan.Recipients,
                ["sent"] = Sent,
                ["failed"] = Failed,
                ["invalid"] = plan.Invalid,
            });
    }
}
