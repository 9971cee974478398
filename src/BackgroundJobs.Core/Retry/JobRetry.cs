using Microsoft.DurableTask;

namespace BackgroundJobs.Core.Retry;

/// <summary>
/// Retry options for activity calls. Built on <see cref="TaskOptions.FromRetryHandler(AsyncRetryHandler)"/>
/// because <see cref="RetryPolicy"/> has neither jitter nor a way to honour <c>Retry-After</c>.
/// </summary>
public static class JobRetry
{
    /// <summary>A server's <c>Retry-After</c> is honoured up to this; a longer one is not waited for in full.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(10);

    // Failures that another attempt can cure: ours, and storage or network errors from the SDKs
    // (an Azure SDK error only for the statuses AzureRequestFailure names). Anything else (a bug, bad
    // input, a missing blob, a refused credential) fails the same way every time, so it is not retried.
    private static readonly HashSet<string> TransientErrorTypes = new(StringComparer.Ordinal)
    {
        typeof(TransientFailureException).FullName!,
        AzureRequestFailure.ErrorType,
        typeof(IOException).FullName!,
        typeof(HttpRequestException).FullName!,
        typeof(System.Net.Sockets.SocketException).FullName!,
        typeof(TimeoutException).FullName!,
        typeof(TaskCanceledException).FullName!,
        typeof(OperationCanceledException).FullName!,
    };

    /// <summary>
    /// Retries transient failures with jittered exponential backoff, waiting at least the server's
    /// <c>Retry-After</c> (capped at <see cref="MaxRetryAfter"/>), until the policy's attempts or
    /// total time run out. When it gives up, the attempt count is recorded for the job's failure details.
    /// </summary>
    /// <param name="jitterKey">The task's name, then optionally <c>/</c> and what tells this call apart
    /// (<c>SendEmailBatchActivity/3</c>): it seeds the jitter and names the task in the attempt record.</param>
    public static TaskOptions Options(BackoffPolicy policy, string jitterKey) =>
        TaskOptions.FromRetryHandler(async context =>
        {
            if (!ShouldRetry(policy, context.LastAttemptNumber, context.TotalRetryTime, context.LastFailure))
            {
                await RecordGaveUpAsync(context, TaskNameOf(jitterKey));
                return false;
            }

            var orchestration = context.OrchestrationContext;
            var delay = NextDelay(policy, context.LastAttemptNumber, context.LastFailure, $"{orchestration.InstanceId}/{jitterKey}");
            await DurableWait.UntilAsync(orchestration, orchestration.CurrentUtcDateTime + delay, context.CancellationToken);
            return true;
        });

    /// <summary>The task's name: the jitter key up to its first <c>/</c>.</summary>
    public static string TaskNameOf(string jitterKey)
    {
        ArgumentNullException.ThrowIfNull(jitterKey);
        var slash = jitterKey.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? jitterKey : jitterKey[..slash];
    }

    /// <summary>
    /// Records the attempts through an activity, since orchestration code may not write to storage.
    /// The retry handler is orchestration code, so the call replays like any other. It is best
    /// effort: a record that cannot be written must not hide the task's own failure.
    /// </summary>
    private static async Task RecordGaveUpAsync(RetryContext context, string task)
    {
        var orchestration = context.OrchestrationContext;
        try
        {
            await orchestration.CallActivityAsync(
                nameof(RecordTaskGaveUpActivity),
                new TaskGaveUp(orchestration.InstanceId, task, context.LastAttemptNumber, context.LastFailure.ErrorType, orchestration.CurrentUtcDateTime));
        }
        catch (TaskFailedException)
        {
            // Without the record the job's details show no attempt count; the job's own error stands.
        }
    }

    public static bool ShouldRetry(BackoffPolicy policy, int lastAttemptNumber, TimeSpan totalRetryTime, TaskFailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(failure);
        return lastAttemptNumber < policy.MaxAttempts
            && totalRetryTime < policy.MaxTotalTime
            && TransientErrorTypes.Contains(failure.ErrorType)
            && (failure.ErrorType != AzureRequestFailure.ErrorType || AzureRequestFailure.IsTransient(failure.ErrorMessage));
    }

    public static TimeSpan NextDelay(BackoffPolicy policy, int lastAttemptNumber, TaskFailureDetails failure, string jitterKey)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(failure);
        var backoff = policy.DelayBeforeRetry(lastAttemptNumber, jitterKey);
        var retryAfter = RetryAfterHint.Parse(failure.ErrorMessage);
        if (retryAfter is { } serverAsked && serverAsked > backoff)
        {
            return serverAsked < MaxRetryAfter ? serverAsked : MaxRetryAfter;
        }

        return backoff;
    }
}
