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

    // Failures that another attempt can cure: ours, and storage or network errors from the SDKs.
    // Anything else (a bug, bad input) fails the same way every time, so it is not retried.
    private static readonly HashSet<string> TransientErrorTypes = new(StringComparer.Ordinal)
    {
        typeof(TransientFailureException).FullName!,
        "Azure.RequestFailedException",
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
    /// total time run out.
    /// </summary>
    public static TaskOptions Options(BackoffPolicy policy, string jitterKey) =>
        TaskOptions.FromRetryHandler(async context =>
        {
            if (!ShouldRetry(policy, context.LastAttemptNumber, context.TotalRetryTime, context.LastFailure))
            {
                return false;
            }

            var orchestration = context.OrchestrationContext;
            var delay = NextDelay(policy, context.LastAttemptNumber, context.LastFailure, $"{orchestration.InstanceId}/{jitterKey}");
            await orchestration.CreateTimer(delay, context.CancellationToken);
            return true;
        });

    public static bool ShouldRetry(BackoffPolicy policy, int lastAttemptNumber, TimeSpan totalRetryTime, TaskFailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(failure);
        return lastAttemptNumber < policy.MaxAttempts
            && totalRetryTime < policy.MaxTotalTime
            && TransientErrorTypes.Contains(failure.ErrorType);
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
