using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Retry;

/// <summary>
/// One part of a job (a CRM batch, an inference chunk) that may fail without failing the job: its
/// activity runs under its retry policy and, once the retries are spent, a second activity records
/// the part as failed with the last error, so the job goes on and reports the part.
/// </summary>
public static class PartFailure
{
    /// <param name="part">What tells this part from the others in the retry's jitter key: "segment/batch", a chunk index.</param>
    /// <param name="withError">The input again, carrying the error the fail activity records.</param>
    public static async Task<TOutput> CallOrRecordFailureAsync<TInput, TOutput>(
        TaskOrchestrationContext context,
        string activity,
        string failActivity,
        TInput input,
        BackoffPolicy policy,
        string part,
        Func<TInput, string, TInput> withError)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(withError);
        try
        {
            return await context.CallActivityAsync<TOutput>(activity, input, JobRetry.Options(policy, $"{activity}/{part}"));
        }
        catch (TaskFailedException ex)
        {
            return await context.CallActivityAsync<TOutput>(
                failActivity,
                withError(input, ex.FailureDetails.ErrorMessage),
                JobRetry.Options(BackoffPolicy.Default, $"{failActivity}/{part}"));
        }
    }
}
