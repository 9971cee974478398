using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.Core.BulkEmail;

/// <summary>
/// Prepares the recipients into batches in blob storage, sends them chunk by chunk through
/// <see cref="SendEmailChunkOrchestrator"/> (so no history grows with the recipient count), reports
/// progress after every chunk, and writes the result. The job fails only if nothing was sent.
/// </summary>
public sealed class BulkEmailOrchestrator : TaskOrchestrator<BulkEmailRequest, BulkEmailResult>
{
    public const string StagePreparing = "preparing";
    public const string StageSending = "sending";
    public const string StageCompleting = "completing";
    public const string StageCompleted = "completed";

    public override async Task<BulkEmailResult> RunAsync(TaskOrchestrationContext context, BulkEmailRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var jobId = context.InstanceId;
        var logger = context.CreateReplaySafeLogger<BulkEmailOrchestrator>();

        context.SetCustomStatus(new JobProgress(StagePreparing, 0, 0));
        var plan = await context.CallActivityAsync<EmailBatchPlan>(
            nameof(PrepareEmailBatchesActivity),
            new PrepareEmailBatchesInput(jobId, input),
            JobRetry.Options(BackoffPolicy.Default, nameof(PrepareEmailBatchesActivity)));
        Logs.BulkEmailPlanned(logger, jobId, plan.Recipients, plan.BatchCount);

        var parallel = input.MaxParallelBatches ?? BulkEmailLimits.DefaultMaxParallelBatches;
        var done = 0;
        var sent = 0;
        var failed = 0;
        var failedBatches = new List<FailedEmailBatch>();
        context.SetCustomStatus(Progress(StageSending, done, plan, sent, failed));

        for (var first = 0; first < plan.BatchCount; first += BulkEmailLimits.BatchesPerChunk)
        {
            var count = Math.Min(BulkEmailLimits.BatchesPerChunk, plan.BatchCount - first);
            var chunk = await context.CallSubOrchestratorAsync<EmailChunkResult>(
                nameof(SendEmailChunkOrchestrator),
                new EmailChunkInput(jobId, plan, first, count, parallel),
                new SubOrchestrationOptions { InstanceId = $"{jobId}:chunk:{first / BulkEmailLimits.BatchesPerChunk}" });

            done += count;
            sent += chunk.RecipientsSent;
            failed += chunk.RecipientsFailed;
            failedBatches.AddRange(chunk.FailedBatches);
            context.SetCustomStatus(Progress(StageSending, done, plan, sent, failed));
        }

        context.SetCustomStatus(Progress(StageCompleting, done, plan, sent, failed));
        var result = await context.CallActivityAsync<BulkEmailResult>(
            nameof(CompleteBulkEmailActivity),
            new CompleteBulkEmailInput(jobId, plan, sent, failed, failedBatches),
            JobRetry.Options(BackoffPolicy.Default, nameof(CompleteBulkEmailActivity)));

        if (result.Sent == 0)
        {
            throw new BulkEmailFailedException(result);
        }

        context.SetCustomStatus(Progress(StageCompleted, done, plan, sent, failed));
        Logs.BulkEmailFinished(logger, jobId, result.Sent, result.Failed, result.Invalid);
        return result;
    }

    private static JobProgress Progress(string stage, int done, EmailBatchPlan plan, int sent, int failed) =>
        new(stage, done, plan.BatchCount, new Dictionary<string, long>
        {
            ["recipients"] = plan.Recipients,
            ["sent"] = sent,
            ["failed"] = failed,
            ["invalid"] = plan.Invalid,
        });
}
