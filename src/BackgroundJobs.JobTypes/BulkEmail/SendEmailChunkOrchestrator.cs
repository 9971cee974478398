using BackgroundJobs.Core.Email;
using BackgroundJobs.Core.Jobs;
using BackgroundJobs.Core.Retry;
using Microsoft.DurableTask;

namespace BackgroundJobs.JobTypes.BulkEmail;

/// <summary>
/// Sends a run of batches with at most <see cref="EmailChunkInput.MaxParallelBatches"/> in flight.
/// A batch that still fails after its retries is recorded and the others go on.
/// </summary>
public sealed class SendEmailChunkOrchestrator : TaskOrchestrator<EmailChunkInput, EmailChunkResult>
{
    public override Task<EmailChunkResult> RunAsync(TaskOrchestrationContext context, EmailChunkInput input) =>
        SendBatchesAsync(context, input);

    /// <summary>
    /// The sending loop itself, run by this sub-orchestration or, for a job whose batches fit in one
    /// chunk, by <see cref="BulkEmailOrchestrator"/> directly (a sub-orchestration costs the engine
    /// an instance, its messages and its history).
    /// </summary>
    public static async Task<EmailChunkResult> SendBatchesAsync(TaskOrchestrationContext context, EmailChunkInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var inFlight = new List<Task<EmailBatchOutcome>>();
        var outcomes = new List<EmailBatchOutcome>(input.BatchCount);

        for (var index = input.FirstBatch; index < input.FirstBatch + input.BatchCount; index++)
        {
            if (inFlight.Count >= input.MaxParallelBatches)
            {
                outcomes.Add(await InFlight.TakeNextAsync(inFlight));
            }

            inFlight.Add(SendBatchAsync(context, input, index));
        }

        outcomes.AddRange(await Task.WhenAll(inFlight));
        var failures = outcomes.Select(FailedEmailBatch.From).OfType<FailedEmailBatch>().OrderBy(f => f.Index).ToList();
        return new EmailChunkResult(
            outcomes.Count(o => o.Sent),
            outcomes.Where(o => o.Sent).Sum(o => o.Recipients),
            failures.Sum(f => f.Recipients),
            failures);
    }

    private static async Task<EmailBatchOutcome> SendBatchAsync(TaskOrchestrationContext context, EmailChunkInput input, int index)
    {
        try
        {
            return await context.CallActivityAsync<EmailBatchOutcome>(
                nameof(SendEmailBatchActivity),
                new SendEmailBatchInput(input.Run, index, input.OnUnknownOutcome),
                JobRetry.Options(BackoffPolicy.Default, $"{nameof(SendEmailBatchActivity)}/{index}"));
        }
        catch (TaskFailedException ex)
        {
            // Retries are spent: record the batch as failed and keep the job going.
            return new EmailBatchOutcome(index, input.Plan.RecipientsIn(index), Sent: false, Error: $"retries exhausted: {ex.FailureDetails.ErrorMessage}");
        }
    }
}
